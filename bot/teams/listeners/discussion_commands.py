"""`bigconversation ...` typed to the bot: help, new, starters, list, edit/pause/resume/
delete PROMPT, queue PROMPT, digest, export PROMPT [csv|xlsx], and withdraw (for anyone
who replied). Answers in the person's personal chat only (the agent sends channel
messages elsewhere)."""

from __future__ import annotations

from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.compose_form import draft_values
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
from bot.teams.listeners.discussion_flow import requester_of, send_compose
from handlers import discussion
from handlers.discussion import ExportFormat
from handlers.discussion.access import NOT_A_CHAIR, check_network, networks_of, refuse
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from storage.repositories.prompts import UnknownPrompt

NEEDS_PROMPT = "Say which prompt: {command} PROMPT. Type bigconversation list to see their ids."
UNKNOWN = "“{word}” is not a bigconversation command. Type bigconversation help to see them."
BAD_FORMAT = "Exports come as csv or xlsx. Type bigconversation export PROMPT csv (or xlsx)."
MAX_ID = 64


async def _say(context: TurnContext, message: str) -> None:
    await send_card(context, conv_notice(message), summary=message)


async def _new(context: TurnContext, deps: TeamsDeps, requester: Requester) -> None:
    if networks_of(requester) == frozenset():
        refused = await deps.backend.calls(
            refuse, deps.backend.store.prompts, requester, "compose prompt", NOT_A_CHAIR
        )
        await _say(context, refused.text)
        return
    await send_compose(context, deps, requester, {})


async def _edit(context: TurnContext, deps: TeamsDeps, requester: Requester, pid: str) -> None:
    def load() -> discussion.PromptDraft | Refusal:
        try:
            info = deps.backend.store.prompts.get(pid)
        except UnknownPrompt as exc:
            return Refusal(str(exc))
        refused = check_network(
            deps.backend.store.prompts, requester, info.fields.network, "edit prompt", pid
        )
        return refused or discussion.draft_of(info)

    draft = await deps.backend.calls(load)
    if isinstance(draft, Refusal):
        await _say(context, draft.text)
    else:
        await send_compose(context, deps, requester, draft_values(draft), editing=pid)


async def _export(
    context: TurnContext, deps: TeamsDeps, requester: Requester, pid: str, fmt: str
) -> None:
    try:
        kind = ExportFormat(fmt.lower() or "csv")
    except ValueError:
        await _say(context, BAD_FORMAT)
        return
    content = await deps.backend.calls(
        discussion.export_replies,
        deps.backend.store.prompts,
        requester=requester,
        prompt_id=pid,
        k=deps.report_policy.min_group_size,
        fmt=kind,
        releases=deps.backend.store.releases,
    )
    if isinstance(content, Refusal):
        await _say(context, content.text)
        return
    name = discussion.export_filename(pid, kind)
    token = deps.links.issue(name, content, actor=requester.person.actor)
    url = f"{deps.public_url or REQUEST_ORIGIN.get()}/reports/{token}"
    made = export_card(name, url, deps.links.minutes)
    await send_card(context, made, summary=made["fallbackText"])


async def _about_prompt(
    context: TurnContext, deps: TeamsDeps, requester: Requester, word: str, args: list[str]
) -> None:
    pid = args[0] if args else ""
    if pid and len(pid) <= MAX_ID:
        pid = await deps.backend.calls(
            deps.backend.store.prompts.expand_id, pid
        )  # the short id will do
    if not pid or len(pid) > MAX_ID:
        await _say(context, NEEDS_PROMPT.format(command=f"bigconversation {word}"))
        return
    prompts = deps.backend.store.prompts
    if word == "edit":
        await _edit(context, deps, requester, pid)
    elif word == "export":
        await _export(context, deps, requester, pid, args[1] if len(args) > 1 else "")
    elif word == "queue":
        found = await deps.backend.calls(
            discussion.queue, prompts, requester=requester, prompt_id=pid
        )
        if isinstance(found, Refusal):
            await _say(context, found.text)
        else:
            await send_card(context, queue_card(found), summary=found.title)
    else:
        action = {
            "pause": discussion.pause_prompt,
            "delete": discussion.delete_prompt,
        }.get(word)
        if action is not None:
            said: Notice | Refusal = await deps.backend.calls(
                action, prompts, requester=requester, prompt_id=pid
            )
        else:
            said = await deps.backend.calls(
                discussion.resume_prompt,
                prompts,
                requester=requester,
                prompt_id=pid,
                now=deps.now(),
            )
        await _say(context, said.text)


async def on_bigconversation(context: TurnContext, deps: TeamsDeps, rest: str) -> None:
    words = rest.split()
    word = words[0].lower() if words else "help"
    if word == "withdraw":
        # Whatever was typed after it is ignored: the code belongs in the dialog, which
        # Teams does not keep, not in this chat's history.
        made = open_withdraw_card()
        await send_card(context, made, summary=made["fallbackText"])
        return
    requester = await requester_of(context, deps)
    prompts = deps.backend.store.prompts
    if word == "help":
        await send_card(context, help_card(), summary="Big Conversation prompts")
    elif word == "new":
        await _new(context, deps, requester)
    elif word in ("starters", "starter"):
        made = starters_card(discussion.library())
        await send_card(context, made, summary=made["fallbackText"])
    elif word == "list":
        listed = await deps.backend.calls(discussion.list_prompts, prompts, requester=requester)
        if isinstance(listed, Refusal):
            await _say(context, listed.text)
        else:
            await send_card(context, prompt_list_card(listed), summary=listed.text)
    elif word == "digest":
        found = await deps.backend.calls(discussion.digests, prompts, requester=requester)
        if isinstance(found, Refusal):
            await _say(context, found.text)
        else:
            await send_card(context, digest_card(found), summary="Big Conversation digest")
    elif word in ("edit", "pause", "resume", "delete", "queue", "export"):
        await _about_prompt(context, deps, requester, word, words[1:])
    else:
        await _say(context, UNKNOWN.format(word=word[:30]))
