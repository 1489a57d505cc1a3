"""Big Conversation prompts: each with its own data key, its schedule and its posts;
rows mapped to and from the domain's PromptInfo (discussion.model).

A prompt is the chair's public text, stored in clear; what needs sealing is the replies
(storage/repositories/replies.py), under the data key created here with the prompt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from discussion.model import ChannelRef, PromptFields, PromptInfo, PromptStatus, ReplyMode
from storage.errors import StorageError
from storage.prompt_models import Prompt
from storage.repositories.keyring import Keyring


class UnknownPrompt(StorageError):
    def __init__(self, prompt_id: str) -> None:
        super().__init__(f"There is no Big Conversation prompt with id {prompt_id}.")
        self.prompt_id = prompt_id


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def info_of(row: Prompt) -> PromptInfo:
    fields = PromptFields(
        network=row.network,
        title=row.title,
        body=row.body,
        questions=tuple(row.questions),
        image_url=row.image_url,
        image_alt=row.image_alt,
        channels=tuple(ChannelRef.from_json(c) for c in row.channels),
        schedule=row.schedule,
        at=_utc(row.at),
        monthly_day=row.monthly_day,
        monthly_time=row.monthly_time,
        timezone=row.timezone,
        reply_mode=ReplyMode(row.reply_mode),
        next_post_at=_utc(row.next_post_at),
    )
    created_at = _utc(row.created_at) or row.created_at
    return PromptInfo(row.id, PromptStatus(row.status), fields, row.created_by, created_at)


def _assign(row: Prompt, fields: PromptFields) -> None:
    row.network, row.title, row.body = fields.network, fields.title, fields.body
    row.questions = list(fields.questions)
    row.image_url, row.image_alt = fields.image_url, fields.image_alt
    row.channels = [c.to_json() for c in fields.channels]
    row.schedule, row.at = fields.schedule, fields.at
    row.monthly_day, row.monthly_time = fields.monthly_day, fields.monthly_time
    row.timezone, row.reply_mode = fields.timezone, fields.reply_mode.value
    row.next_post_at = fields.next_post_at


def row_of(session: Session, prompt_id: str, *, lock: bool = False) -> Prompt:
    query = select(Prompt).where(Prompt.id == prompt_id)
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise UnknownPrompt(prompt_id)
    return row


def create_prompt(
    session: Session, keyring: Keyring, fields: PromptFields, *, created_by: str, now: datetime
) -> PromptInfo:
    """A new scheduled prompt with a fresh data key for its replies."""
    prompt_id = str(uuid.uuid4())
    key_id = f"prompt-{prompt_id}"
    keyring.create(session, key_id, now=now)
    row = Prompt(
        id=prompt_id,
        status=PromptStatus.SCHEDULED.value,
        key_id=key_id,
        created_by=created_by,
        created_at=now,
    )
    _assign(row, fields)
    session.add(row)
    session.flush()
    return info_of(row)


def update_prompt(session: Session, prompt_id: str, fields: PromptFields) -> PromptInfo:
    row = row_of(session, prompt_id, lock=True)
    _assign(row, fields)
    session.flush()
    return info_of(row)


def set_status(
    session: Session, prompt_id: str, status: PromptStatus, *, next_post_at: datetime | None
) -> PromptInfo:
    row = row_of(session, prompt_id, lock=True)
    row.status, row.next_post_at = status.value, next_post_at
    session.flush()
    return info_of(row)


def list_prompts(session: Session, *, networks: Iterable[str] | None) -> list[PromptInfo]:
    """Prompts not deleted, of the given networks (all when None), soonest first."""
    query = select(Prompt).where(Prompt.status != PromptStatus.DELETED.value)
    if networks is not None:
        query = query.where(Prompt.network.in_(sorted(networks)))
    rows = session.execute(query).scalars().all()
    far = datetime.max.replace(tzinfo=UTC)
    infos = [info_of(row) for row in rows]
    return sorted(infos, key=lambda p: (p.fields.next_post_at or far, p.fields.title, p.id))


def key_of(session: Session, prompt_id: str) -> tuple[str, str]:
    """(key id, status) of a prompt."""
    found = session.execute(
        select(Prompt.key_id, Prompt.status).where(Prompt.id == prompt_id)
    ).one_or_none()
    if found is None:
        raise UnknownPrompt(prompt_id)
    return found[0], found[1]
