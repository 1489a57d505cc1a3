"""The Big Conversation's domain, pure like `surveys`: prompts, their posts and replies,
their states, why a request is refused, and the `bigconversation` command grammar.

A *discussion* is a chair's prompt with its posts and anonymous replies; a platform's
own chat or thread is a *conversation*. Nothing here imports beyond the standard library.
"""

from __future__ import annotations

from discussion.grammar import BadCommand, Command, CommandProblem, Verb, parse_command
from discussion.model import (
    ChannelRef,
    PostInfo,
    PromptFields,
    PromptInfo,
    PromptStatus,
    RelayReference,
    ReplyMode,
    ReplyStatus,
    WithdrawOutcome,
)
from discussion.refusals import ABOUT_THE_PROMPT, RefusalReason, edit_refusal

__all__ = [
    "ABOUT_THE_PROMPT",
    "BadCommand",
    "ChannelRef",
    "Command",
    "CommandProblem",
    "PostInfo",
    "PromptFields",
    "PromptInfo",
    "PromptStatus",
    "RefusalReason",
    "RelayReference",
    "ReplyMode",
    "ReplyStatus",
    "Verb",
    "WithdrawOutcome",
    "edit_refusal",
    "parse_command",
]
