"""Why the Big Conversation refuses a request, as an enum, so every adapter tells
refusals apart by their reason and never by the words a person is shown."""

from __future__ import annotations

from enum import StrEnum

from discussion.model import PromptStatus


class RefusalReason(StrEnum):
    NOT_A_CHAIR = "not_a_chair"
    OTHER_NETWORK = "other_network"
    EDI_ONLY = "edi_only"
    UNKNOWN_PROMPT = "unknown_prompt"
    UNKNOWN_REPLY = "unknown_reply"
    PROMPT_DELETED = "prompt_deleted"
    PROMPT_POSTED = "prompt_posted"  # a posted prompt cannot be edited
    WRONG_STATUS = "wrong_status"  # pause a paused prompt, resume a scheduled one
    TIME_PASSED = "time_passed"
    OPEN_MODE = "open_mode"  # the prompt takes no anonymous replies
    REPLIES_ERASED = "replies_erased"  # its data key was shredded
    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    NO_AUTHOR = "no_author"
    BAD_CODE = "bad_code"
    ALREADY_DEALT_WITH = "already_dealt_with"
    NOT_POSTED_YET = "not_posted_yet"
    NO_REPLY_WANTED = "no_reply_wanted"
    TOO_FEW_REPLIES = "too_few_replies"
    UNKNOWN_STARTER = "unknown_starter"
    NOT_DELIVERED = "not_delivered"  # the chair's answer could not reach the colleague
    OTHER = "other"


# Refusals about the prompt itself rather than what the person typed: an adapter says
# these in place of the form, not under its text box.
ABOUT_THE_PROMPT = frozenset(
    {
        RefusalReason.UNKNOWN_PROMPT,
        RefusalReason.PROMPT_DELETED,
        RefusalReason.OPEN_MODE,
        RefusalReason.REPLIES_ERASED,
    }
)


def edit_refusal(status: PromptStatus) -> RefusalReason | None:
    """The one rule for editing: a prompt already posted or deleted stays as it is. Both
    opening the edit form and saving it ask this, so no adapter offers a form it would
    then refuse."""
    if status is PromptStatus.POSTED:
        return RefusalReason.PROMPT_POSTED
    if status is PromptStatus.DELETED:
        return RefusalReason.PROMPT_DELETED
    return None
