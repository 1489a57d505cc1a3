"""Words typed to the bot: `pulse` (or nothing) takes the pulse; `privacy`, `my-data`,
`opt-out`, `opt-in`, `forget-me`, `help` (alone or after `pulse`) as in Slack's /pulse;
`wres [period] [staff group]` for the EDI team, answered with the summary card and
short-lived download links for the full report; `admin open|close|status` for admins."""

from __future__ import annotations

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.activity_kinds import MAX_TEXT, words_of
from bot.teams.cards.pulse_form import form_card
from bot.teams.cards.replies import notice_card, reply_card, reply_text
from bot.teams.cards.report_summary import summary_card
from bot.teams.chat import send_card
from bot.teams.deps import REQUEST_ORIGIN, TeamsDeps
from bot.teams.ids import Command
from bot.teams.listeners.install import remember_address
from bot.teams.people import person_of
from handlers import pulse_chat, report_pulls
from handlers.identity import Person
from handlers.messages import PulseFormReply, ReportSummary
from handlers.role_help import role_help
from handlers.round_commands import AdminRequest, admin_command

TOO_LONG = "That is longer than any command I know. Type help to see what I can do."


async def _wres(context: TurnContext, deps: TeamsDeps, person: Person, text: str) -> None:
    requester = await deps.roles.requester(person)
    reply = await report_pulls.wres(deps.backend, deps.report_ask(requester), text)
    if not isinstance(reply, ReportSummary):
        await send_card(context, notice_card(reply.text), summary=reply.text)
        return
    base = deps.public_url or REQUEST_ORIGIN.get()
    actor = requester.person.actor
    links = [
        (name, f"{base}/reports/{await deps.links.issue(name, data, actor=actor)}")
        for name, data in reply.files
    ]
    card = summary_card(reply.report, links=links, minutes=deps.links.minutes)
    await send_card(context, card, summary=card["fallbackText"])


async def _admin(context: TurnContext, deps: TeamsDeps, person: Person, text: str) -> None:
    """`admin open|close|status`, through the same use case as `bigconv rounds`."""
    requester = await deps.roles.requester(person)
    words = tuple(text.lower().split())
    request = AdminRequest(requester, words, deps.calendar, deps.recall, deps.now(), deps.commands)
    reply = await admin_command(deps.backend, request)
    await send_card(context, notice_card(reply.text), summary=reply.text.split("\n")[0])


async def on_text(context: TurnContext, deps: TeamsDeps) -> None:
    person = person_of(context.activity)
    first, rest = words_of(context.activity.text)
    if len(rest) + len(first) > MAX_TEXT:
        await send_card(context, notice_card(TOO_LONG), summary=TOO_LONG)
        return
    if first == Command.WRES:
        await _wres(context, deps, person, rest)
        return
    if first == Command.ADMIN:
        await _admin(context, deps, person, rest)
        return
    sub = rest if first == Command.PULSE else f"{first} {rest}".strip()
    if sub.lower().replace("_", "-") in (Command.OPT_IN, "optin", "start"):
        await remember_address(context, deps)  # reachable again, whatever happened before
    reply = await pulse_chat.pulse_words(
        deps.backend, person, sub, notice=deps.notice, commands=deps.commands
    )
    if isinstance(reply, PulseFormReply):
        await send_card(context, form_card(reply), summary=reply.form.title)
    elif sub.lower() == Command.HELP:
        extra = role_help(await deps.roles.requester(person), deps.commands, "bigconversation")
        said = reply_text(reply) + (f"\n{extra}" if extra else "")
        await send_card(context, notice_card(said), summary=said.split("\n")[0])
    else:
        await send_card(context, reply_card(reply), summary=reply_text(reply))


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def typed(context: TurnContext, _state: TurnState) -> None:
        await on_text(context, deps)

    app.add_route(kinds.other_words, typed)
