"""Posting prompts at their time. The adapter's scheduler job asks for `due_prompts`,
posts each card in each channel, and reports every post with `mark_posted`.

A prompt moves on only once every one of its channels has this occurrence, so a crash
half-way through posts the missing channels next time and never repeats the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from typing import Any

from discussion.model import ChannelRef, PromptInfo
from handlers.discussion.cards import REPLY_LABEL, DuePost, PromptCard, ReplyMode
from handlers.discussion.schedule import next_monthly
from storage.prompt_store import Prompts


def card_of(info: PromptInfo) -> PromptCard:
    """The neutral card for a prompt; no reply button in open mode."""
    f = info.fields
    mode = f.reply_mode
    return PromptCard(
        prompt_id=info.id,
        network=f.network,
        title=f.title,
        body=f.body,
        questions=f.questions,
        image_url=f.image_url,
        image_alt=f.image_alt,
        reply_mode=mode,
        reply_label=None if mode is ReplyMode.OPEN else REPLY_LABEL,
    )


def due_prompts(prompts: Prompts, *, now: datetime) -> tuple[DuePost, ...]:
    """Prompts whose time has come, each with the channels still to post it in."""
    found = []
    for info, channels in prompts.due(now):
        if channels:
            found.append(DuePost(card_of(info), channels))
        elif info.fields.channels:
            # Already in every channel (its channels were edited meanwhile): move it on.
            done = info.fields.channels[0]
            prompts.record_post(info.id, done, {}, now=now, following=_following(now))
    return tuple(found)


def _following(now: datetime) -> Callable[[PromptInfo], datetime | None]:
    def following(info: PromptInfo) -> datetime | None:
        f = info.fields
        if f.schedule != "monthly" or f.monthly_day is None or not f.monthly_time:
            return None  # a one-off: posted, done
        # After now, not after the missed time: a scheduler that was down catches up once.
        at = time.fromisoformat(f.monthly_time)
        return next_monthly(f.monthly_day, at, f.timezone, after=now)

    return following


def mark_posted(
    prompts: Prompts,
    *,
    prompt_id: str,
    channel: ChannelRef,
    reference: Mapping[str, Any],
    now: datetime,
) -> None:
    """Record where the card landed (for threading relayed replies); safe to repeat."""
    prompts.record_post(prompt_id, channel, reference, now=now, following=_following(now))
