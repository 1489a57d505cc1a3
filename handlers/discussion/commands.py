"""One use case per `bigconversation` command, and `run_command`, which every adapter
calls with a command parsed by discussion.grammar. The outcomes are neutral; the
adapters render them (Slack: modals and ephemeral messages; Teams: cards)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from discussion.grammar import BadCommand, Command, CommandProblem, Verb
from discussion.refusals import RefusalReason
from handlers.backend import Backend
from handlers.discussion.access import NOT_A_CHAIR, Refused, networks_of, refuse
from handlers.discussion.cards import Digest, ModerationQueue, PromptList
from handlers.discussion.compose import PromptDraft
from handlers.discussion.digest import digests
from handlers.discussion.export import ExportFormat, export_filename, export_replies
from handlers.discussion.manage import (
    delete_prompt,
    draft_of,
    editable,
    list_prompts,
    pause_prompt,
    resume_prompt,
)
from handlers.discussion.moderation import queue
from handlers.discussion.networks import compose_networks
from handlers.discussion.replies import withdraw_reply
from handlers.discussion.starter_library import StarterPrompt, library
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from storage.prompt_store import Prompts
from storage.store import Releases

NO_STARTER = "There is no starter on “{theme}”. Type bigconversation starters to see them."


@dataclass(frozen=True, slots=True)
class CommandSettings:
    networks: tuple[str, ...] = ()  # configured with chairs: an admin may pick any
    k: int = 11  # replies an export needs at least


@dataclass(frozen=True, slots=True)
class ComposeStart:
    """Show the compose form: empty, from a starter, or a saved prompt to edit."""

    draft: PromptDraft | None
    networks: tuple[str, ...]
    editing: str | None = None


@dataclass(frozen=True, slots=True)
class DigestList:
    digests: tuple[Digest, ...]


@dataclass(frozen=True, slots=True)
class ExportReady:
    filename: str
    content: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class ShowHelp:
    pass


@dataclass(frozen=True, slots=True)
class ShowStarters:
    starters: tuple[StarterPrompt, ...]


CommandOutcome = (
    ComposeStart
    | ModerationQueue
    | PromptList
    | DigestList
    | ExportReady
    | ShowHelp
    | ShowStarters
    | Notice
    | Refusal
)


def start_compose(
    prompts: Prompts, requester: Requester, *, theme: str, settings: CommandSettings
) -> ComposeStart | Refusal:
    """The compose form for a chair or admin; from the starter on `theme` when given."""
    own = networks_of(requester)
    if own == frozenset():
        why = RefusalReason.NOT_A_CHAIR
        return refuse(prompts, requester, "compose prompt", NOT_A_CHAIR, why=why)
    networks = compose_networks(prompts, requester, settings.networks)
    if not theme:
        return ComposeStart(None, networks)
    found = [s for s in library() if s.theme == theme]
    if not found:
        return Refused(NO_STARTER.format(theme=theme), RefusalReason.UNKNOWN_STARTER)
    network = sorted(own)[0] if own else (settings.networks[0] if settings.networks else "")
    return ComposeStart(found[0].draft(network=network), networks)


def start_edit(
    prompts: Prompts, requester: Requester, *, prompt_id: str, settings: CommandSettings
) -> ComposeStart | Refusal:
    """The edit form, refused up front for a prompt that may no longer be edited."""
    info = editable(prompts, requester, prompt_id)
    if isinstance(info, Refusal):
        return info
    networks = compose_networks(prompts, requester, settings.networks)
    return ComposeStart(draft_of(info), networks, editing=info.id)


def export_prompt(
    prompts: Prompts,
    requester: Requester,
    *,
    prompt_id: str,
    fmt: ExportFormat,
    k: int,
    releases: Releases | None,
) -> ExportReady | Refusal:
    """The EDI team's export (chat and CLI alike); a short prompt id will do."""
    whole = prompts.expand_id(prompt_id)
    made = export_replies(
        prompts, requester=requester, prompt_id=whole, k=k, fmt=fmt, releases=releases
    )
    return made if isinstance(made, Refusal) else ExportReady(export_filename(whole, fmt), made)


def _about_prompt(
    backend: Backend,
    requester: Requester,
    command: Command,
    settings: CommandSettings,
    now: datetime,
) -> CommandOutcome:
    prompts = backend.store.prompts
    pid = prompts.expand_id(command.prompt)  # the short id the lists show will do
    verb = command.verb
    if verb is Verb.EDIT:
        return start_edit(prompts, requester, prompt_id=pid, settings=settings)
    if verb is Verb.EXPORT:
        fmt = ExportFormat(command.export_format)
        releases = backend.store.releases
        return export_prompt(
            prompts, requester, prompt_id=pid, fmt=fmt, k=settings.k, releases=releases
        )
    if verb is Verb.QUEUE:
        return queue(prompts, requester=requester, prompt_id=pid)
    if verb is Verb.PAUSE:
        return pause_prompt(prompts, requester=requester, prompt_id=pid)
    if verb is Verb.RESUME:
        return resume_prompt(prompts, requester=requester, prompt_id=pid, now=now)
    return delete_prompt(prompts, requester=requester, prompt_id=pid)


def command_outcome(
    backend: Backend,
    requester: Requester,
    command: Command,
    settings: CommandSettings,
    now: datetime,
) -> CommandOutcome:
    """What `command` does, run off the event loop (see run_command)."""
    prompts, verb = backend.store.prompts, command.verb
    if verb is Verb.HELP:
        return ShowHelp()
    if verb is Verb.STARTERS:
        return ShowStarters(library())
    if verb is Verb.NEW:
        return start_compose(prompts, requester, theme=command.theme, settings=settings)
    if verb is Verb.LIST:
        return list_prompts(prompts, requester=requester)
    if verb is Verb.DIGEST:
        found = digests(prompts, requester=requester)
        return found if isinstance(found, Refusal) else DigestList(found)
    if verb is Verb.WITHDRAW:
        return withdraw_reply(prompts, withdraw_code=command.code)
    return _about_prompt(backend, requester, command, settings, now)


async def run_command(
    backend: Backend,
    requester: Requester,
    command: Command,
    *,
    settings: CommandSettings,
    now: datetime,
) -> CommandOutcome:
    """The use case behind every `bigconversation` command, on any platform."""
    return await backend.calls(command_outcome, backend, requester, command, settings, now)


def problem_text(bad: BadCommand, command_word: str) -> str:
    """What is wrong with a typed command, for `command_word` as the platform writes it
    ("/bigconversation" on Slack, "bigconversation" on Teams)."""
    c = command_word
    if bad.problem is CommandProblem.TOO_LONG:
        return f"That command is too long. Type {c} help."
    if bad.problem is CommandProblem.UNKNOWN:
        return f"“{bad.word}” is not a bigconversation command. Type {c} help to see them."
    if bad.problem is CommandProblem.NEEDS_CODE:
        return f"Paste the code you were given: {c} withdraw CODE."
    if bad.problem is CommandProblem.BAD_FORMAT:
        return f"Exports come as csv or xlsx. Type {c} export PROMPT csv (or xlsx)."
    return f"Say which prompt: {c} {bad.word} PROMPT. Type {c} list to see their ids."
