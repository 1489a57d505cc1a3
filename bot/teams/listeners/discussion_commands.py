"""`bigconversation ...` typed to the bot (grammar: discussion.grammar), done by
handlers.discussion.run_command and answered in the person's personal chat only.
`withdraw` opens a dialog instead: a code typed here would stay in the chat's history."""

from __future__ import annotations

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.compose_form import draft_values
from bot.teams.cards.elements import Card
from bot.teams.cards.prompt_card import open_withdraw_card
from bot.teams.cards.prompt_lists import (
    conv_notice,
    digest_card,
    export_card,
    help_card,
    prompt_list_card,
    queue_card,
    starters_card,
)
from bot.teams.chat import send_card
from bot.teams.deps import REQUEST_ORIGIN, TeamsDeps
from bot.teams.listeners.discussion_flow import command_settings, requester_of, send_compose
from discussion import BadCommand, Command, Verb, parse_command
from handlers.discussion import (
    CommandOutcome,
    ComposeStart,
    DigestList,
    ExportReady,
    ModerationQueue,
    PromptList,
    ShowHelp,
    ShowStarters,
    problem_text,
    run_command,
)
from handlers.identity import Requester

COMMAND_WORD = "bigconversation"


async def run(context: TurnContext, deps: TeamsDeps, command: Command) -> None:
    """Do `command` for the person in this turn and answer with one card."""
    requester = await requester_of(context, deps)
    outcome = await run_command(
        deps.backend, requester, command, settings=command_settings(deps), now=deps.now()
    )
    if isinstance(outcome, ComposeStart):
        values = draft_values(outcome.draft) if outcome.draft else {}
        await send_compose(
            context, deps, requester, values, networks=outcome.networks, editing=outcome.editing
        )
        return
    made = await _card(deps, requester, outcome)
    await send_card(context, made, summary=str(made["fallbackText"]))


async def _card(deps: TeamsDeps, requester: Requester, outcome: CommandOutcome) -> Card:
    if isinstance(outcome, ShowHelp):
        return help_card()
    if isinstance(outcome, ShowStarters):
        return starters_card(outcome.starters)
    if isinstance(outcome, PromptList):
        return prompt_list_card(outcome)
    if isinstance(outcome, DigestList):
        return digest_card(outcome.digests)
    if isinstance(outcome, ModerationQueue):
        return queue_card(outcome)
    if isinstance(outcome, ExportReady):
        actor = requester.person.actor
        token = await deps.links.issue(outcome.filename, outcome.content, actor=actor)
        url = f"{deps.public_url or REQUEST_ORIGIN.get()}/reports/{token}"
        return export_card(outcome.filename, url, deps.links.minutes)
    assert not isinstance(outcome, ComposeStart)
    return conv_notice(outcome.text)


async def on_bigconversation(context: TurnContext, deps: TeamsDeps, rest: str) -> None:
    parsed = parse_command(rest)
    if isinstance(parsed, BadCommand):
        said = problem_text(parsed, COMMAND_WORD)
        await send_card(context, conv_notice(said), summary=said)
    elif parsed.verb is Verb.WITHDRAW:
        # Whatever was typed after it is ignored: the code belongs in the dialog, which
        # Teams does not keep, not in this chat's history.
        made = open_withdraw_card()
        await send_card(context, made, summary=made["fallbackText"])
    else:
        await run(context, deps, parsed)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def typed(context: TurnContext, _state: TurnState) -> None:
        _first, rest = kinds.words_of(context.activity.text)
        await on_bigconversation(context, deps, rest)

    app.add_route(kinds.bigconversation_words, typed)
