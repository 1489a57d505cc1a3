"""One mixing key per round, across replicas: the database keeps each open round's key
check value (storage.mixing.check_value), set by the first replica to seal, and a replica
whose key file differs refuses to seal instead of sealing answers that no key could open
together at close. The usual cause is replicas on different hosts each with their own
`[keys] mixing_key_dir`; the error says so.

The check value is an HMAC of a constant under a random 256-bit key: a DBA who reads it
learns nothing that helps open the answers (docs/privacy.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.mixing import MixingKeys, MixingKeyWrong
from storage.models import Base, MixedAnswer, MixingKeyCheck, Round

log = logging.getLogger("bigconv.mixing")
SAY_EVERY = 60.0  # seconds between ERRORs for one round: each refused answer would repeat it
_said_at: dict[str, float] = {}
_CHECKS = Base.metadata.tables["mixing_key_checks"]


class MixingKeyNotShared(MixingKeyWrong):
    """This replica's key file for the round is not the key its answers are sealed under."""

    def __init__(self, round_id: str, directory: Path) -> None:
        super().__init__(round_id, directory)
        self.args = (not_shared_message(round_id, directory, NOT_THE_KEY),)


NOT_THE_KEY = "here is not the key its answers are sealed under (the database keeps its check)"
MISSING = "is missing here, though the database says its answers are sealed under one"


def not_shared_message(round_id: str, directory: Path, problem: str) -> str:
    return (
        f"The mixing key of round {round_id} {problem}; mixing key directory {directory}. "
        "This replica refuses to seal answers for the round (nothing is written, the "
        "person is asked to try again) and could not close it. [keys] mixing_key_dir must "
        "be one directory shared between replicas (e.g. a shared volume): point every "
        "replica at the same directory."
    )


def confirm_for_sealing(
    conn: Connection, mixing: MixingKeys, round_ids: Iterable[str]
) -> dict[str, Exception]:
    """In the caller's transaction, before any answer is sealed: for each open round not
    yet confirmed here, create or load its key and record its check value (first writer
    wins) or compare with the one recorded. Returns the rounds whose key cannot be had
    or differs (MixingKeyNotShared, logged as an ERROR); unknown and closed rounds are
    left to the writer to report."""
    wanted = sorted(r for r in set(round_ids) if not mixing.is_confirmed(r))
    if not wanted:
        return {}
    query = select(Round.id).where(Round.id.in_(wanted), Round.status == "open")
    refused: dict[str, Exception] = {}
    # FOR SHARE, as the writer: a close waits, so no key file outlives its round.
    for round_id in conn.execute(query.with_for_update(read=True)).scalars():
        try:
            mixing.cipher_for_sealing(round_id)  # creates the key file the first time
            ours = mixing.check_value(round_id)
        except Exception as exc:  # a damaged file, a directory not writable: this round's
            refused[round_id] = exc  # answers fail, the others' go ahead
            continue
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(
            dialect.insert(_CHECKS)
            .values(round_id=round_id, check_value=ours)
            .on_conflict_do_nothing(index_elements=["round_id"])
        )
        if _stored(conn, round_id) == ours:
            mixing.confirm(round_id)
        else:
            refused[round_id] = MixingKeyNotShared(round_id, mixing.directory)
            _say(round_id, refused[round_id])
    return refused


def _say(round_id: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _said_at.get(round_id, -SAY_EVERY) >= SAY_EVERY:
        _said_at[round_id] = now
        log.error("%s (said at most once a minute per round)", error)


def check_before_opening(conn: Connection, mixing: MixingKeys, round_id: str) -> None:
    """At close, with the key loaded: MixingKeyWrong if the database recorded another,
    before anything is opened."""
    stored = _stored(conn, round_id)
    if stored is not None and stored != mixing.check_value(round_id):
        raise MixingKeyWrong(round_id, mixing.path(round_id))


def forget_check(conn: Connection, round_id: str) -> None:
    """The round is closing: its key is about to be destroyed, its check value goes too."""
    conn.execute(delete(_CHECKS).where(_CHECKS.c.round_id == round_id))


def problems_at_start(conn: Connection, mixing: MixingKeys) -> list[str]:
    """For `serve` to log: rounds not yet closed (open, or left part-way through a close)
    with answers whose recorded key is not here (file missing, or a different key in
    it). Round ids only, never an answer."""
    rounds = (
        select(MixingKeyCheck.round_id, MixingKeyCheck.check_value)
        .join(Round, Round.id == MixingKeyCheck.round_id)
        .where(Round.status != "closed")
        .where(select(func.count()).where(MixedAnswer.round_id == Round.id).scalar_subquery() > 0)
    )
    problems = []
    for round_id, stored in conn.execute(rounds).all():
        if not mixing.exists(round_id):
            problem = MISSING
        elif mixing.check_value(round_id) != bytes(stored):
            problem = NOT_THE_KEY
        else:
            continue
        problems.append(not_shared_message(round_id, mixing.directory, problem))
    return problems


def _stored(conn: Connection, round_id: str) -> bytes | None:
    found = conn.execute(
        select(_CHECKS.c.check_value).where(_CHECKS.c.round_id == round_id)
    ).scalar_one_or_none()
    return None if found is None else bytes(found)
