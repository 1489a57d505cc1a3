"""The audit log's hash chain: each entry commits to its contents and to the entry before.

Pure logic; the audit repository stores the entries and serialises appends.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601 UTC to the second, e.g. 2025-03-01T09:14:07Z
    actor: str
    action: str
    details: str  # canonical JSON, exactly as hashed
    prev_hash: str
    entry_hash: str


def canonical_json(value: object) -> str:
    """One spelling per value (sorted keys, no spaces), so a hash can be recomputed."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def utc_second(at: datetime | str) -> str:
    """`at` as ISO 8601 UTC to the second; naive times are refused, not guessed."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    if moment.tzinfo is None:
        raise ValueError(f"audit times must carry a time zone, got {at!r}")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def compute_hash(
    *, seq: int, at: str, actor: str, action: str, details: str, prev_hash: str, key: bytes | None
) -> str:
    """SHA-256 of the canonical entry, or HMAC-SHA256 when a key is given.

    Why a key: with a plain hash a database administrator can edit an entry and recompute
    every hash after it, and the chain verifies. Keyed with a secret derived from the
    pepper (which lives outside the database), a recomputed chain no longer verifies.
    """
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "details": details,
            "prev_hash": prev_hash,
        }
    ).encode()
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def chain_entry(
    prev: AuditEntry | None,
    *,
    seq: int | None = None,
    at: datetime | str,
    actor: str,
    action: str,
    details: Mapping[str, object],
    key: bytes | None = None,
) -> AuditEntry:
    """The entry that follows `prev` (None for the first); `seq` defaults to the next one."""
    expected = 1 if prev is None else prev.seq + 1
    if seq is not None and seq != expected:
        raise ValueError(f"the entry after {prev.seq if prev else 'none'} must be {expected}")
    stamp, text = utc_second(at), canonical_json(dict(details))
    prev_hash = GENESIS_HASH if prev is None else prev.entry_hash
    entry_hash = compute_hash(
        seq=expected,
        at=stamp,
        actor=actor,
        action=action,
        details=text,
        prev_hash=prev_hash,
        key=key,
    )
    return AuditEntry(expected, stamp, actor, action, text, prev_hash, entry_hash)


def _hash_of(entry: AuditEntry, key: bytes | None) -> str:
    return compute_hash(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        details=entry.details,
        prev_hash=entry.prev_hash,
        key=key,
    )


def _gap(after: int, before: int) -> str:
    if before - after == 2:
        return f"entry {after + 1} is missing (between {after} and {before})"
    return f"entries {after + 1} to {before - 1} are missing (between {after} and {before})"


def verify_chain(entries: Iterable[AuditEntry], *, key: bytes | None = None) -> list[str]:
    """Problems found, in log order; an empty list when the chain is intact.

    Give entries in stored order (by seq). A chain cannot show that its newest entries
    were cut off; compare the count or the last hash with a copy kept elsewhere for that.
    """
    problems: list[str] = []
    prev: AuditEntry | None = None
    for entry in entries:
        if not compare_hex(_hash_of(entry, key), entry.entry_hash):
            problems.append(f"entry {entry.seq} was altered (its hash does not match it)")
        if prev is None:
            if entry.seq != 1:
                problems.append(_gap(0, entry.seq))
            elif entry.prev_hash != GENESIS_HASH:
                problems.append("entry 1 does not start the chain (broken link)")
        elif entry.seq <= prev.seq:
            problems.append(f"entry {entry.seq} is out of order (it comes after {prev.seq})")
            continue  # keep the highest entry as the one the next should follow
        elif entry.seq > prev.seq + 1:
            problems.append(_gap(prev.seq, entry.seq))
        elif not compare_hex(entry.prev_hash, prev.entry_hash):
            problems.append(f"entry {entry.seq} does not link to entry {prev.seq} (broken link)")
        prev = entry
    return problems


def compare_hex(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
