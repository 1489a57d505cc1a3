"""Installing and removing the app: the roster learns where to reach each person.

Teams sends `installationUpdate` (action "add"/"remove", or "add-upgrade"/"remove-upgrade")
and a `conversationUpdate` with `membersAdded` when the app is installed for someone, by
them or org-wide by an admin. Only personal (1:1) chats are kept: invitations go nowhere
else. No welcome message: an org-wide install would send thousands of unpaced messages
outside the outbox; the first invitation carries the privacy line instead.
"""

from __future__ import annotations

import logging

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.deps import TeamsDeps
from bot.teams.people import NotAPerson, address_of, is_personal, person_of
from handlers import roster_updates

log = logging.getLogger(__name__)


async def remember_address(context: TurnContext, deps: TeamsDeps) -> None:
    """Add (or reactivate) the person with the conversation reference of this chat."""
    try:
        person, address = person_of(context.activity), address_of(context.activity)
    except NotAPerson as exc:
        log.info("installation ignored: %s", exc)
        return
    await roster_updates.remember_address(deps.backend, person, address)


async def forget_address(context: TurnContext, deps: TeamsDeps) -> None:
    """Uninstalled: keep the row (and any opt-out) but stop inviting them."""
    try:
        person = person_of(context.activity)
    except NotAPerson:
        return
    await roster_updates.forget_address(deps.backend, person)


async def on_installation_update(context: TurnContext, deps: TeamsDeps) -> None:
    if not is_personal(context.activity):
        return
    action = str(context.activity.action or "").lower()
    if action.startswith("remove"):
        await forget_address(context, deps)
    elif action.startswith("add"):
        await remember_address(context, deps)


async def on_members_added(context: TurnContext, deps: TeamsDeps) -> None:
    activity = context.activity
    bot = activity.recipient.id if activity.recipient else None
    people = [m for m in activity.members_added or [] if m.id != bot]
    if is_personal(activity) and (people or any(m.id == bot for m in activity.members_added or [])):
        await remember_address(context, deps)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def installed(context: TurnContext, _state: TurnState) -> None:
        await on_installation_update(context, deps)

    async def added(context: TurnContext, _state: TurnState) -> None:
        await on_members_added(context, deps)

    app.add_route(kinds.installation, installed)
    app.add_route(kinds.personal_members_added, added)
