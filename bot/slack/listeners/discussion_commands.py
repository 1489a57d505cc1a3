"""What each /bigconversation subcommand does, as one synchronous call into the handlers
(run off the event loop); the listener only renders the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.slack.deps import SlackDeps
from bot.slack.discussion_flow import resolve_prompt
from handlers.discussion import (
    Digest,
    ExportFormat,
    ModerationQueue,
    PromptDraft,
    PromptList,
    delete_prompt,
    digests,
    draft_of,
    export_filename,
    export_replies,
    library,
    list_prompts,
    pause_prompt,
    queue,
    resume_prompt,
    withdraw_reply,
)
from handlers.discussion.access import NOT_A_CHAIR, check_network, networks_of, refuse
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from storage.repositories.prompts import UnknownPrompt

COMMANDS = frozenset(
    {
        "help",
        "new",
        "starters",
        "list",
        "edit",
        "pause",
        "resume",
        "delete",
        "queue",
        "digest",
        "export",
        "withdraw",
    }
)
NEEDS_PROMPT = (
    "Say which prompt: /bigconversation {sub} PROMPT (the id from /bigconversation list)."
)
NEEDS_CODE = "Paste the code you were given: /bigconversation withdraw CODE."
BAD_FORMAT = "Choose csv or xlsx: /bigconversation export PROMPT xlsx."
NO_STARTER = "There is no starter on “{theme}”. Type /bigconversation starters to see them."


@dataclass(frozen=True, slots=True)
class ComposeRequest:
    draft: PromptDraft | None
    editing: str | None = None


@dataclass(frozen=True, slots=True)
class ExportReady:
    filename: str
    content: bytes


Outcome = str | ComposeRequest | ModerationQueue | PromptList | tuple[Digest, ...] | ExportReady


def _text(reply: Notice | Refusal) -> str:
    return reply.text


def _new(deps: SlackDeps, requester: Requester, args: Sequence[str]) -> Outcome:
    own = networks_of(requester)
    if own == frozenset():
        return refuse(deps.backend.store.prompts, requester, "compose prompt", NOT_A_CHAIR).text
    if not args:
        return ComposeRequest(None)
    theme = " ".join(args).lower()
    found = [s for s in library() if s.theme == theme]
    if not found:
        return NO_STARTER.format(theme=theme)
    network = sorted(own)[0] if own else (deps.networks[0] if deps.networks else "")
    return ComposeRequest(found[0].draft(network=network))


def _edit(deps: SlackDeps, requester: Requester, prompt_id: str) -> Outcome:
    prompts = deps.backend.store.prompts
    try:
        info = prompts.get(prompt_id)
    except UnknownPrompt as exc:
        return refuse(prompts, requester, "edit prompt", str(exc), prompt_id).text
    refused = check_network(prompts, requester, info.fields.network, "edit prompt", prompt_id)
    if refused is not None:
        return refused.text
    if info.status in ("posted", "deleted"):
        return f"This prompt is {info.status}, so it can no longer be edited."
    return ComposeRequest(draft_of(info), editing=info.id)


def _export(deps: SlackDeps, requester: Requester, prompt_id: str, args: Sequence[str]) -> Outcome:
    try:
        fmt = ExportFormat((args[0] if args else "csv").lower())
    except ValueError:
        return BAD_FORMAT
    k = deps.report_policy.min_group_size
    made = export_replies(
        deps.backend.store.prompts,
        requester=requester,
        prompt_id=prompt_id,
        k=k,
        fmt=fmt,
        releases=deps.backend.store.releases,
    )
    if isinstance(made, Refusal):
        return made.text
    return ExportReady(export_filename(prompt_id, fmt), made)


def subcommand(
    deps: SlackDeps, requester: Requester, sub: str, args: Sequence[str], now: datetime
) -> Outcome:
    prompts = deps.backend.store.prompts
    if sub == "new":
        return _new(deps, requester, args)
    if sub == "list":
        listing = list_prompts(prompts, requester=requester)
        return listing.text if isinstance(listing, Refusal) else listing
    if sub == "digest":
        found = digests(prompts, requester=requester)
        return found.text if isinstance(found, Refusal) else found
    if sub == "withdraw":
        if not args:
            return NEEDS_CODE
        return _text(withdraw_reply(prompts, withdraw_code=args[0]))
    if not args:
        return NEEDS_PROMPT.format(sub=sub)
    prompt_id = resolve_prompt(prompts, args[0])
    if sub == "edit":
        return _edit(deps, requester, prompt_id)
    if sub == "export":
        return _export(deps, requester, prompt_id, args[1:])
    if sub == "queue":
        shown = queue(prompts, requester=requester, prompt_id=prompt_id)
        return shown.text if isinstance(shown, Refusal) else shown
    if sub == "pause":
        return _text(pause_prompt(prompts, requester=requester, prompt_id=prompt_id))
    if sub == "resume":
        return _text(resume_prompt(prompts, requester=requester, prompt_id=prompt_id, now=now))
    return _text(delete_prompt(prompts, requester=requester, prompt_id=prompt_id))
