"""Reads of what the submission path (storage.answer_writer) wrote: how many answers
wait for the close, and whether a token took part. Nothing here is written."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import BufferedResponse, MixedAnswer, Participation


def buffered_count(session: Session, round_id: str) -> int:
    """Answers of the round not yet moved into `responses` (legacy buffer included)."""
    total = 0
    for model in (MixedAnswer, BufferedResponse):
        query = select(func.count()).select_from(model).where(model.round_id == round_id)
        total += int(session.execute(query).scalar_one())
    return total


def has_participated(session: Session, token: bytes) -> bool:
    """Used to skip reminders; tells nothing about the answers."""
    query = select(Participation.round_id).where(Participation.token == token)
    return session.execute(query).first() is not None
