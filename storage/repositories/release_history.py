"""The release history: what every release made public, chained so that tampering shows.

Each row is one release (a report in some format, a chat summary, a round status, an
export). Its body names the figures released, as scopes (label + batch ids) and cells,
and how many cells were held back for each reason; never a figure's value. Rows are
chained with the audit log's keyed hash: someone who edits, removes or reorders a row
without the pepper breaks the chain, and then nothing more is released (fail closed).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit_chain import GENESIS_HASH, AuditEntry, chain_entry, compare_hex, compute_hash
from storage.errors import StorageError
from storage.models import ReleaseRecord
from storage.vault import Vault
from surveys.release_audit import Figure, PastRelease, Scope

LOCK = "release-history"


class ReleaseHistoryDamaged(StorageError):
    """The chain does not verify: nothing may be released until it is repaired."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(
            "The release history is damaged, so nothing can be released until it is "
            f"repaired ({problems[0]}). Run `bigconv releases verify` and `bigconv audit "
            "verify` to see what changed, and restore the database from a backup taken "
            "before the damage."
        )
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class NewRelease:
    """What a release makes public, ready to be recorded."""

    actor_role: str  # the role that received it: "edi", "admin", "chair"
    form: str  # "html", "xlsx", "json", "csv", "table", "/wres", "round status", "export"
    label: str  # "2026-Q3", "2026-Q3 (bank)"
    figures: tuple[Figure, ...]
    suppressed: Mapping[str, int]  # reason -> how many cells were held back


@dataclass(frozen=True, slots=True)
class StoredRelease:
    seq: int
    id: str
    at: str
    actor_role: str
    form: str
    label: str
    figures: tuple[Figure, ...]
    suppressed: dict[str, int]

    def past(self) -> PastRelease:
        moment = datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return PastRelease(self.id, self.label, moment, self.figures)


def _body(release_id: str, release: NewRelease) -> dict[str, object]:
    scopes = sorted({f.scope for f in release.figures}, key=lambda s: (s.label, sorted(s.batches)))
    index = {scope: i for i, scope in enumerate(scopes)}
    return {
        "id": release_id,
        "label": release.label,
        "scopes": [{"label": s.label, "batches": sorted(s.batches)} for s in scopes],
        "figures": sorted(
            [index[f.scope], f.indicator, f.staff_group, f.ethnic_group] for f in release.figures
        ),
        "suppressed": {reason: int(n) for reason, n in sorted(release.suppressed.items()) if n},
    }


def _stored(row: ReleaseRecord) -> StoredRelease:
    body = json.loads(row.body)
    scopes = [Scope(s["label"], frozenset(s["batches"])) for s in body["scopes"]]
    figures = tuple(Figure(scopes[i], ind, staff, eth) for i, ind, staff, eth in body["figures"])
    return StoredRelease(
        row.seq, row.id, row.at, row.actor_role, row.form, row.label, figures,
        {str(k): int(v) for k, v in body.get("suppressed", {}).items()},
    )  # fmt: skip


def _entry(row: ReleaseRecord) -> AuditEntry:
    return AuditEntry(
        row.seq, row.at, row.actor_role, row.form, row.body, row.prev_hash, row.entry_hash
    )


def all_rows(session: Session) -> list[ReleaseRecord]:
    return list(session.execute(select(ReleaseRecord).order_by(ReleaseRecord.seq)).scalars())


def problems(rows: Sequence[ReleaseRecord], vault: Vault) -> list[str]:
    """What is wrong with the chain, oldest first; empty when it verifies."""
    found: list[str] = []
    prev: AuditEntry | None = None
    for row in rows:
        entry = _entry(row)
        if not compare_hex(_hash(entry, vault), entry.entry_hash) or _label(row) != row.label:
            found.append(f"release {row.seq} was altered")
        link = GENESIS_HASH if prev is None else prev.entry_hash
        if entry.seq != (1 if prev is None else prev.seq + 1):
            found.append(f"a release before number {row.seq} is missing")
        elif not compare_hex(entry.prev_hash, link):
            found.append(f"release {row.seq} does not follow the one before it")
        prev = entry
    return found


def _hash(entry: AuditEntry, vault: Vault) -> str:
    return compute_hash(
        seq=entry.seq, at=entry.at, actor=entry.actor, action=entry.action,
        details=entry.details, prev_hash=entry.prev_hash, key=vault.audit_key,
    )  # fmt: skip


def _label(row: ReleaseRecord) -> str | None:
    try:
        label = json.loads(row.body).get("label")
    except (ValueError, AttributeError):
        return None
    return label if isinstance(label, str) else None


def load(session: Session, vault: Vault) -> list[StoredRelease]:
    """Every release, oldest first; raises ReleaseHistoryDamaged if the chain is broken."""
    rows = all_rows(session)
    broken = problems(rows, vault)
    if broken:
        raise ReleaseHistoryDamaged(broken)
    try:
        return [_stored(row) for row in rows]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ReleaseHistoryDamaged([f"a release cannot be read: {exc}"]) from None


def append(
    session: Session, vault: Vault, release: NewRelease, *, at: datetime | None = None
) -> StoredRelease:
    """Chain `release` onto the history in the caller's (serialised) transaction."""
    rows = all_rows(session)
    last = _entry(rows[-1]) if rows else None
    release_id = str(uuid.uuid4())
    entry = chain_entry(
        last,
        at=at or datetime.now(UTC),
        actor=release.actor_role,
        action=release.form,
        details=_body(release_id, release),
        key=vault.audit_key,
    )
    row = ReleaseRecord(
        seq=entry.seq, id=release_id, at=entry.at, actor_role=entry.actor, form=entry.action,
        label=release.label, body=entry.details,
        prev_hash=entry.prev_hash, entry_hash=entry.entry_hash,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _stored(row)
