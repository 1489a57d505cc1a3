"""/bigconversation [sub] for network chairs, admins and the EDI team (and `withdraw` for
anyone holding a withdrawal code): parsed by discussion.grammar, done by
handlers.discussion.run_command, rendered by bot.slack.discussion_flow."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import SlackDeps
from bot.slack.discussion_flow import command_settings, show_outcome
from bot.slack.ids import Command
from bot.slack.payload import person_of
from discussion import BadCommand, CommandProblem, Verb, parse_command
from handlers.discussion import problem_text, run_command

COMMAND_WORD = "/bigconversation"


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.command(Command.BIG_CONVERSATION)
    async def big_conversation(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        parsed = parse_command(str(body.get("text", "")).strip())
        if not isinstance(parsed, BadCommand) and parsed.verb is Verb.WITHDRAW and not parsed.code:
            parsed = BadCommand(CommandProblem.NEEDS_CODE)
        if isinstance(parsed, BadCommand):
            await respond(text=problem_text(parsed, COMMAND_WORD), response_type="ephemeral")
            return
        person = person_of(body)
        requester = await deps.roles.requester(person)
        outcome = await run_command(
            deps.backend, requester, parsed, settings=command_settings(deps), now=deps.now()
        )
        await show_outcome(
            outcome,
            client=client,
            respond=respond,
            trigger_id=str(body.get("trigger_id", "")),
            user=person.user_id,
        )
