"""The Big Conversation, platform-neutral: network chairs compose and schedule prompts,
staff reply anonymously, chairs moderate, the EDI team exports (at least k replies).

Adapters (Slack, Teams, the CLI) call these use cases and render the neutral messages of
`handlers.discussion.cards`; nothing here knows a platform.
"""

from __future__ import annotations

from handlers.discussion.cards import (
    REPLY_LABEL,
    REPLY_WARNING,
    Digest,
    DirectInstruction,
    DuePost,
    InvalidDraft,
    ModerationQueue,
    Problem,
    PromptCard,
    PromptList,
    PromptSaved,
    PromptSummary,
    QueuedReply,
    RelayInstruction,
    ReplyAccepted,
    ReplyForm,
    ReplyMode,
)
from handlers.discussion.compose import PromptDraft, compose_prompt, validate_draft
from handlers.discussion.digest import digests, weekly_digests
from handlers.discussion.export import ExportFormat, export_filename, export_replies
from handlers.discussion.manage import (
    delete_prompt,
    draft_of,
    edit_prompt,
    list_prompts,
    pause_prompt,
    resume_prompt,
)
from handlers.discussion.moderation import approve, chair_reply, decline, mark_relayed, queue
from handlers.discussion.posting import due_prompts, mark_posted
from handlers.discussion.release import QueuePacing, ReplyRelease
from handlers.discussion.replies import reply_form, submit_reply, withdraw_reply
from handlers.discussion.schedule import PostAt, PostMonthly, PostNow, When
from handlers.discussion.starter_library import StarterPrompt, library
from storage.repositories.prompts import ChannelRef

__all__ = [
    "REPLY_LABEL",
    "REPLY_WARNING",
    "ChannelRef",
    "Digest",
    "DirectInstruction",
    "DuePost",
    "ExportFormat",
    "InvalidDraft",
    "ModerationQueue",
    "PostAt",
    "PostMonthly",
    "PostNow",
    "Problem",
    "PromptCard",
    "PromptDraft",
    "PromptList",
    "PromptSaved",
    "PromptSummary",
    "QueuePacing",
    "QueuedReply",
    "RelayInstruction",
    "ReplyAccepted",
    "ReplyForm",
    "ReplyMode",
    "ReplyRelease",
    "StarterPrompt",
    "When",
    "approve",
    "chair_reply",
    "compose_prompt",
    "decline",
    "delete_prompt",
    "digests",
    "draft_of",
    "due_prompts",
    "edit_prompt",
    "export_filename",
    "export_replies",
    "library",
    "list_prompts",
    "mark_posted",
    "mark_relayed",
    "pause_prompt",
    "queue",
    "reply_form",
    "resume_prompt",
    "submit_reply",
    "validate_draft",
    "weekly_digests",
    "withdraw_reply",
]
