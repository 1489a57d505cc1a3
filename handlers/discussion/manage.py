"""A chair's prompts: list, edit, pause, resume and delete, for their own network only
(admins: every network). Each change and each refusal is audited."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, time, timedelta

from discussion.model import ChannelRef, PromptInfo, PromptStatus
from discussion.refusals import RefusalReason, edit_refusal
from handlers.discussion.access import NOT_A_CHAIR, check_network, networks_of, refuse
from handlers.discussion.cards import (
    InvalidDraft,
    PromptList,
    PromptSaved,
    PromptSummary,
)
from handlers.discussion.compose import PromptDraft, fields_of, saved_text, validate_draft
from handlers.discussion.schedule import PostAt, PostMonthly, PostNow, When, next_monthly
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from storage.prompt_store import AuditNote, Prompts
from storage.repositories.prompts import UnknownPrompt

PROMPT_DELETED = "This prompt was deleted."
NOT_EDITABLE = "This prompt has already been posted, so it can no longer be edited."


def summary_of(info: PromptInfo) -> PromptSummary:
    f = info.fields
    mode = f.reply_mode
    return PromptSummary(info.id, f.network, f.title, info.status, f.schedule, f.next_post_at, mode)


def when_of(info: PromptInfo) -> When:
    f = info.fields
    if f.schedule == "at" and f.at is not None:
        return PostAt(f.at)
    if f.schedule == "monthly" and f.monthly_day is not None and f.monthly_time:
        return PostMonthly(f.monthly_day, time.fromisoformat(f.monthly_time), f.timezone)
    return PostNow()


def draft_of(info: PromptInfo) -> PromptDraft:
    """The saved prompt as a draft, to prefill the edit form."""
    f = info.fields
    return PromptDraft(
        title=f.title,
        body=f.body,
        channels=f.channels,
        when=when_of(info),
        reply_mode=f.reply_mode,
        network=f.network,
        questions=f.questions,
        image_url=f.image_url,
        image_alt=f.image_alt,
    )


def list_prompts(prompts: Prompts, *, requester: Requester) -> PromptList | Refusal:
    """The prompts a person manages: a chair's own network's, or all of them for an admin."""
    networks = networks_of(requester)
    if networks == frozenset():
        why = RefusalReason.NOT_A_CHAIR
        return refuse(prompts, requester, "list prompts", NOT_A_CHAIR, why=why)
    return PromptList(tuple(summary_of(p) for p in prompts.list_prompts(networks=networks)))


def _load(
    prompts: Prompts, requester: Requester, prompt_id: str, action: str
) -> PromptInfo | Refusal:
    try:
        info = prompts.get(prompt_id)
    except UnknownPrompt as exc:
        why = RefusalReason.UNKNOWN_PROMPT
        return refuse(prompts, requester, action, str(exc), prompt_id, why=why)
    refused = check_network(prompts, requester, info.fields.network, action, prompt_id)
    if refused is not None:
        return refused
    if info.status is PromptStatus.DELETED:
        why = RefusalReason.PROMPT_DELETED
        return refuse(prompts, requester, action, PROMPT_DELETED, prompt_id, why=why)
    return info


def editable(prompts: Prompts, requester: Requester, prompt_id: str) -> PromptInfo | Refusal:
    """The prompt, if `requester` may edit it now; asked before the form is shown and
    again when it is saved (discussion.refusals.edit_refusal: posted ones stay as posted)."""
    info = _load(prompts, requester, prompt_id, "edit prompt")
    if isinstance(info, Refusal):
        return info
    why = edit_refusal(info.status)
    if why is not None:
        return refuse(prompts, requester, "edit prompt", NOT_EDITABLE, prompt_id, why=why)
    return info


def _note(requester: Requester, action: str, info: PromptInfo) -> AuditNote:
    details = {"prompt": info.id, "network": info.fields.network}
    return AuditNote(requester.person.actor, action, details)


def edit_prompt(
    prompts: Prompts,
    *,
    requester: Requester,
    prompt_id: str,
    draft: PromptDraft,
    now: datetime,
    bot_channels: Collection[ChannelRef] | None = None,
) -> PromptSaved | InvalidDraft | Refusal:
    """Replace a prompt's content and schedule; a one-off already posted stays as it is."""
    info = editable(prompts, requester, prompt_id)
    if isinstance(info, Refusal):
        return info
    refused = check_network(prompts, requester, draft.network.strip(), "edit prompt", prompt_id)
    if refused is not None:
        return refused
    problems = validate_draft(draft, now=now, bot_channels=bot_channels)
    if problems:
        return InvalidDraft(tuple(problems))
    fields = fields_of(draft, now=now)
    prompts.update(prompt_id, fields, note=_note(requester, "prompt edited", info))
    return PromptSaved(prompt_id, fields.next_post_at, saved_text(fields))


def pause_prompt(prompts: Prompts, *, requester: Requester, prompt_id: str) -> Notice | Refusal:
    info = _load(prompts, requester, prompt_id, "pause prompt")
    if isinstance(info, Refusal):
        return info
    if info.status is not PromptStatus.SCHEDULED:
        reason = f"Only a scheduled prompt can be paused; this one is {info.status}."
        why = RefusalReason.WRONG_STATUS
        return refuse(prompts, requester, "pause prompt", reason, prompt_id, why=why)
    prompts.set_status(
        prompt_id,
        PromptStatus.PAUSED,
        next_post_at=None,
        note=_note(requester, "prompt paused", info),
    )
    return Notice(f"“{info.fields.title}” is paused. It will not be posted until resumed.")


def _next_after_resume(info: PromptInfo, now: datetime) -> datetime | None:
    f = info.fields
    if f.schedule == "at":
        return f.at if f.at is not None and f.at > now else None
    if f.schedule == "monthly" and f.monthly_day is not None and f.monthly_time:
        at = time.fromisoformat(f.monthly_time)
        return next_monthly(f.monthly_day, at, f.timezone, after=now - timedelta(microseconds=1))
    return now


def resume_prompt(
    prompts: Prompts, *, requester: Requester, prompt_id: str, now: datetime
) -> Notice | Refusal:
    info = _load(prompts, requester, prompt_id, "resume prompt")
    if isinstance(info, Refusal):
        return info
    if info.status is not PromptStatus.PAUSED:
        reason = f"Only a paused prompt can be resumed; this one is {info.status}."
        why = RefusalReason.WRONG_STATUS
        return refuse(prompts, requester, "resume prompt", reason, prompt_id, why=why)
    following = _next_after_resume(info, now)
    if following is None:
        reason = "The time this prompt was set for has passed. Edit it to choose a new time."
        why = RefusalReason.TIME_PASSED
        return refuse(prompts, requester, "resume prompt", reason, prompt_id, why=why)
    note = _note(requester, "prompt resumed", info)
    saved = prompts.set_status(prompt_id, PromptStatus.SCHEDULED, next_post_at=following, note=note)
    return Notice(saved_text(saved.fields))


def delete_prompt(prompts: Prompts, *, requester: Requester, prompt_id: str) -> Notice | Refusal:
    """Stop a prompt for good. Its replies stay sealed for the EDI export (k rule)."""
    info = _load(prompts, requester, prompt_id, "delete prompt")
    if isinstance(info, Refusal):
        return info
    note = _note(requester, "prompt deleted", info)
    prompts.set_status(prompt_id, PromptStatus.DELETED, next_post_at=None, note=note)
    return Notice(f"“{info.fields.title}” was deleted. It will not be posted again.")
