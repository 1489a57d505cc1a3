"""The Big Conversation, platform-neutral: network chairs compose and schedule prompts,
staff reply anonymously, chairs moderate, the EDI team exports (at least k replies).

Adapters (Slack, Teams, the CLI) call these use cases and render the neutral messages of
`handlers.discussion.cards`; nothing here knows a platform.
"""

from __future__ import annotations

from discussion.model import ChannelRef
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
from handlers.discussion.chair_actions import (
    answer_colleague,
    chair_digests,
    change_prompt,
    decline_reply,
    networks_to_compose_for,
    open_queue,
    prompt_list,
    save_draft,
)
from handlers.discussion.commands import (
    CommandOutcome,
    CommandSettings,
    ComposeStart,
    DigestList,
    ExportReady,
    ShowHelp,
    ShowStarters,
    problem_text,
    run_command,
)
from handlers.discussion.compose import PromptDraft, compose_prompt, validate_draft
from handlers.discussion.digest import digests, weekly_digests
from handlers.discussion.digest_send import configured_chairs, send_weekly_digests
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
from handlers.discussion.relay import RelayOutcome, approve_reply, relay_reply
from handlers.discussion.release import QueuePacing, ReplyRelease
from handlers.discussion.replies import reply_form, submit_reply, withdraw_reply
from handlers.discussion.schedule import PostAt, PostMonthly, PostNow, When
from handlers.discussion.staff_actions import open_reply_form, send_reply, withdraw
from handlers.discussion.starter_library import StarterPrompt, library

__all__ = [
    "CommandOutcome",
    "CommandSettings",
    "ComposeStart",
    "DigestList",
    "ExportReady",
    "RelayOutcome",
    "ShowHelp",
    "ShowStarters",
    "answer_colleague",
    "approve_reply",
    "chair_digests",
    "change_prompt",
    "configured_chairs",
    "decline_reply",
    "networks_to_compose_for",
    "open_queue",
    "open_reply_form",
    "problem_text",
    "prompt_list",
    "relay_reply",
    "run_command",
    "save_draft",
    "send_reply",
    "send_weekly_digests",
    "withdraw",
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
