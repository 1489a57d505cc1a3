"""Where and when a prompt was posted: one post per channel per occurrence (month), the
schedule moved on only once every channel has it, and the threads relays go into."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from discussion.model import ChannelRef, PostInfo, PromptInfo, PromptStatus
from storage.db import serialise
from storage.prompt_models import Prompt, PromptPost
from storage.repositories.prompts import info_of, row_of


def occurrence_month(info: PromptInfo, now: datetime) -> str:
    """The local month of the occurrence being posted: one post per channel per month."""
    when = info.fields.next_post_at or now
    return when.astimezone(ZoneInfo(info.fields.timezone)).strftime("%Y-%m")


def _posted(session: Session, prompt_id: str, month: str) -> set[ChannelRef]:
    rows = session.execute(
        select(PromptPost.platform, PromptPost.workspace, PromptPost.channel).where(
            PromptPost.prompt_id == prompt_id, PromptPost.posted_month == month
        )
    ).all()
    return {ChannelRef(p, w, c) for p, w, c in rows}


def due(session: Session, now: datetime) -> list[tuple[PromptInfo, tuple[ChannelRef, ...]]]:
    """Scheduled prompts whose time has come, each with the channels not yet posted to."""
    rows = session.execute(
        select(Prompt).where(
            Prompt.status == PromptStatus.SCHEDULED.value, Prompt.next_post_at <= now
        )
    ).scalars()
    found = []
    for row in rows:
        info = info_of(row)
        done = _posted(session, info.id, occurrence_month(info, now))
        pending = tuple(c for c in info.fields.channels if c not in done)
        found.append((info, pending))
    return sorted(found, key=lambda item: (item[0].fields.next_post_at or now, item[0].id))


def record_post(
    session: Session,
    prompt_id: str,
    channel: ChannelRef,
    reference: dict[str, Any],
    *,
    now: datetime,
    following: Callable[[PromptInfo], datetime | None],
) -> PromptInfo:
    """Remember one post; once every channel has this occurrence, move the schedule on
    (`following` gives the next time, None for a one-off, which then becomes "posted")."""
    serialise(session, f"prompt-post:{prompt_id}")
    row = row_of(session, prompt_id, lock=True)
    info = info_of(row)
    month = occurrence_month(info, now)
    if channel not in _posted(session, prompt_id, month):
        session.add(
            PromptPost(
                prompt_id=prompt_id,
                platform=channel.platform,
                workspace=channel.workspace,
                channel=channel.channel,
                posted_month=month,
                reference=dict(reference),
            )
        )
        session.flush()
    complete = set(info.fields.channels) <= _posted(session, prompt_id, month)
    if info.status is PromptStatus.SCHEDULED and complete:
        after = following(info)
        row.next_post_at = after
        done = PromptStatus.SCHEDULED if after is not None else PromptStatus.POSTED
        row.status = done.value
        session.flush()
    return info_of(row)


def latest_posts(session: Session, prompt_id: str) -> list[PostInfo]:
    """The newest post of the prompt in each channel: where relayed replies are threaded."""
    rows = session.execute(select(PromptPost).where(PromptPost.prompt_id == prompt_id)).scalars()
    newest: dict[ChannelRef, PostInfo] = {}
    for row in rows:
        ref = ChannelRef(row.platform, row.workspace, row.channel)
        if ref not in newest or newest[ref].posted_month < row.posted_month:
            newest[ref] = PostInfo(ref, row.posted_month, dict(row.reference))
    return [newest[ref] for ref in sorted(newest)]
