"""Anonymous replies: the form, submitting one, and withdrawing it until the chair acts.

Nothing here logs, audits or stores who replied. The author's address is touched only
when they ticked "let the chair reply to me anonymously", and then only to be sealed.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from discussion.model import PromptInfo, PromptStatus, ReplyMode, WithdrawOutcome
from discussion.refusals import RefusalReason
from handlers.discussion.access import Refused
from handlers.discussion.cards import MAX_REPLY_CHARS, ReplyAccepted, ReplyForm
from handlers.identity import Person
from handlers.messages import Notice, Refusal
from handlers.ports import ADDRESS_USER
from storage.errors import ShreddedKey
from storage.prompt_store import Prompts
from storage.repositories.prompts import UnknownPrompt

GONE = "This prompt no longer exists, so it cannot take replies."
DELETED = "This prompt was deleted, so it no longer takes replies."
OPEN_MODE = "This prompt does not take anonymous replies. You can reply in its thread instead."
EMPTY = "Your reply is empty, so nothing was saved. Write something, or close the form."
NO_AUTHOR = (
    "We could not tell where to send the chair's answer, so nothing was saved. Untick "
    "“let the chair reply to me anonymously” and send it again."
)
SHREDDED = "The replies to this prompt were erased under the retention policy."
WITHDRAWN = "Your reply was withdrawn and erased. Nobody will see it."
NOT_PENDING = "This reply can no longer be withdrawn: the chair has already dealt with it."
BAD_CODE = "That withdrawal code does not match any reply. Nothing was changed."
MAX_CODE_CHARS = 80  # codes are 24 characters (older ones "<uuid>:<24>", 61)


def _too_long(length: int) -> str:
    return (
        f"Your reply is {length} characters long; keep it to {MAX_REPLY_CHARS} or fewer. "
        "Nothing was saved."
    )


def _open_prompt(prompts: Prompts, prompt_id: str) -> PromptInfo | Refusal:
    try:
        info = prompts.get(prompt_id)
    except UnknownPrompt:
        return Refused(GONE, RefusalReason.UNKNOWN_PROMPT)
    if info.status is PromptStatus.DELETED:
        return Refused(DELETED, RefusalReason.PROMPT_DELETED)
    if info.fields.reply_mode is ReplyMode.OPEN:
        return Refused(OPEN_MODE, RefusalReason.OPEN_MODE)
    return info


def reply_form(prompts: Prompts, *, prompt_id: str) -> ReplyForm | Refusal:
    """The form behind "Reply anonymously", with its warning and the opt-in box."""
    info = _open_prompt(prompts, prompt_id)
    if isinstance(info, Refusal):
        return info
    return ReplyForm(prompt_id=info.id, title=info.fields.title)


def address_of(person: Person) -> dict[str, str]:
    """Where the chair's answer is delivered: the bot opens a DM with this user."""
    return {
        "platform": person.platform,
        "workspace": person.workspace,
        ADDRESS_USER: person.user_id,
    }


def submit_reply(
    prompts: Prompts,
    *,
    prompt_id: str,
    text: str,
    allow_chair_reply: bool,
    author: Person | None,
    now: datetime,
) -> ReplyAccepted | Refusal:
    """Store a reply sealed, with no link to its author unless they asked for a reply."""
    cleaned = text.strip()
    if not cleaned:
        return Refused(EMPTY, RefusalReason.EMPTY_TEXT)
    if len(cleaned) > MAX_REPLY_CHARS:
        return Refused(_too_long(len(cleaned)), RefusalReason.TEXT_TOO_LONG)
    info = _open_prompt(prompts, prompt_id)
    if isinstance(info, Refusal):
        return info
    handle = None
    if allow_chair_reply:
        if author is None:
            return Refused(NO_AUTHOR, RefusalReason.NO_AUTHOR)
        handle = address_of(author)
    month = now.astimezone(ZoneInfo(info.fields.timezone)).strftime("%Y-%m")
    try:
        _, code = prompts.add_reply(prompt_id=info.id, text=cleaned, handle=handle, month=month)
    except ShreddedKey:
        return Refused(SHREDDED, RefusalReason.REPLIES_ERASED)
    return ReplyAccepted(withdraw_code=code)


def withdraw_reply(prompts: Prompts, *, withdraw_code: str) -> Notice | Refusal:
    """Erase a reply the chair has not dealt with yet; only its author holds the code."""
    code = withdraw_code.strip()
    if not code or len(code) > MAX_CODE_CHARS:
        return Refused(BAD_CODE, RefusalReason.BAD_CODE)
    outcome = prompts.withdraw(code)
    if outcome is WithdrawOutcome.WITHDRAWN:
        return Notice(WITHDRAWN)
    if outcome is WithdrawOutcome.NOT_PENDING:
        return Refused(NOT_PENDING, RefusalReason.ALREADY_DEALT_WITH)
    return Refused(BAD_CODE, RefusalReason.BAD_CODE)
