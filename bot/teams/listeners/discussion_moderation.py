"""The chair's queue card: approve, decline, or answer a colleague who asked for one;
the queue comes back refreshed with what was done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvInput, ConvKey, ConvVerb
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.discussion_flow import OUT_OF_DATE, id_in, notice, requester_of, show_queue
from handlers.discussion import RelayOutcome, answer_colleague, approve_reply, decline_reply
from handlers.identity import Requester
from handlers.messages import Notice, Refusal


async def _done(
    deps: TeamsDeps, requester: Requester, value: Mapping[str, Any], rid: str
) -> RelayOutcome | Notice | Refusal:
    ports, verb = deps.discussion.ports, value.get(ConvKey.VERB)
    if verb == ConvVerb.APPROVE:
        return await approve_reply(deps.backend, ports, requester=requester, queue_id=rid)
    if verb == ConvVerb.DECLINE:
        return await decline_reply(deps.backend, requester=requester, queue_id=rid)
    typed = value.get(f"{ConvInput.ANSWER_PREFIX}{rid}")
    text = typed if isinstance(typed, str) else ""
    return await answer_colleague(deps.backend, ports, requester=requester, queue_id=rid, text=text)


async def on_moderate(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    rid, pid = id_in(value, ConvKey.ITEM), id_in(value, ConvKey.PROMPT)
    if not rid:
        await notice(context, OUT_OF_DATE)
        return
    requester = await requester_of(context, deps)
    done = await _done(deps, requester, value, rid)
    if pid:
        await show_queue(context, deps, requester, pid, done.text)
    else:
        await notice(context, done.text)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def moderated(context: TurnContext, _state: TurnState) -> None:
        await on_moderate(context, deps, kinds.click_value(context) or {})

    verbs = (ConvVerb.APPROVE, ConvVerb.DECLINE, ConvVerb.ANSWER)
    app.add_route(kinds.discussion_click(*verbs), moderated)
