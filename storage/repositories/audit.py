"""The audit log: every report pull, export and role change, hash-chained.

Appends are serialised so `seq` has no gaps and each entry chains onto the true last
one. The chain is keyed with `vault.audit_key` (derived from the pepper), so someone who
can write to the database but does not hold the pepper cannot forge a consistent chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.audit_chain import AuditEntry, chain_entry, verify_chain
from storage.db import serialise
from storage.models import AuditRow
from storage.vault import Vault

_LOCK = "audit-log"


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        details=row.details,
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


def _last(session: Session) -> AuditEntry | None:
    query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)
    row = session.execute(query).scalar_one_or_none()
    return None if row is None else _entry(row)


def append(
    session: Session,
    vault: Vault,
    *,
    actor: str,
    action: str,
    details: Mapping[str, object],
    at: datetime | None = None,
) -> AuditEntry:
    """Chain one entry onto the log, inside the caller's transaction.

    Never put an answer, a user id of a respondent or a request body in `details`.
    """
    # PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE already serialises writers.
    serialise(session, _LOCK)
    entry = chain_entry(
        _last(session),
        at=at or datetime.now(UTC),
        actor=actor,
        action=action,
        details=details,
        key=vault.audit_key,
    )
    session.add(
        AuditRow(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            details=entry.details,
            prev_hash=entry.prev_hash,
            entry_hash=entry.entry_hash,
        )
    )
    session.flush()
    return entry


def list_entries(session: Session, *, newest: int | None = None) -> list[AuditEntry]:
    """Entries in log order; only the newest `newest` of them when given."""
    query = select(AuditRow).order_by(AuditRow.seq.desc())
    if newest is not None:
        query = query.limit(newest)
    rows = list(session.execute(query).scalars())
    return [_entry(row) for row in reversed(rows)]


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditRow)).scalar_one())


def verify(session: Session, vault: Vault) -> list[str]:
    """Every problem in the chain (altered, removed or reordered entries); empty if intact."""
    return verify_chain(list_entries(session), key=vault.audit_key)
