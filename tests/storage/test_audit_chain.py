"""The audit hash chain notices altered, deleted, reordered and re-forged entries."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from storage.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    chain_entry,
    compute_hash,
    verify_chain,
)

KEY = b"k" * 32
START = datetime(2026, 3, 2, 9, 14, 7, 123456, tzinfo=UTC)


def _chain(count: int = 5, key: bytes | None = KEY) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for i in range(count):
        entries.append(
            chain_entry(
                entries[-1] if entries else None,
                at=START + timedelta(minutes=i),
                actor=f"slack:T1:U{i}",
                action="report pull",
                details={"period": "2026-Q1", "suppressed": [["wres5", "bank", "asian"]], "i": i},
                key=key,
            )
        )
    return entries


def _fields(entry: AuditEntry) -> dict[str, Any]:
    fields = dataclasses.asdict(entry)
    del fields["entry_hash"]
    return fields


def _forge(entries: list[AuditEntry], start: int, key: bytes | None) -> list[AuditEntry]:
    """What someone with database access does: recompute every hash from `start` on."""
    forged = entries[:start]
    for entry in entries[start:]:
        prev_hash = forged[-1].entry_hash if forged else GENESIS_HASH
        fields = _fields(entry) | {"prev_hash": prev_hash}
        forged.append(AuditEntry(**fields, entry_hash=compute_hash(**fields, key=key)))
    return forged


def test_an_untouched_chain_verifies() -> None:
    entries = _chain()
    assert verify_chain(entries, key=KEY) == []
    assert verify_chain([]) == []
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH == "0" * 64
    assert all(e.prev_hash == p.entry_hash for p, e in zip(entries, entries[1:], strict=False))


def test_fields_are_stored_canonically() -> None:
    entry = _chain(1)[0]
    assert entry.at == "2026-03-02T09:14:07Z"
    assert entry.details == '{"i":0,"period":"2026-Q1","suppressed":[["wres5","bank","asian"]]}'
    assert len(entry.entry_hash) == 64


def test_times_are_converted_to_utc_and_naive_times_refused() -> None:
    plus_one = timezone(timedelta(hours=1))
    entry = chain_entry(
        None, at=datetime(2026, 6, 1, 10, 0, tzinfo=plus_one), actor="a", action="b", details={}
    )
    assert entry.at == "2026-06-01T09:00:00Z"
    from_text = chain_entry(None, at="2026-06-01T10:00:00+01:00", actor="a", action="b", details={})
    assert from_text.at == entry.at
    with pytest.raises(ValueError, match="time zone"):
        chain_entry(None, at=datetime(2026, 6, 1), actor="a", action="b", details={})


def test_seq_must_follow_the_previous_entry() -> None:
    first = _chain(1)[0]
    assert chain_entry(first, seq=2, at=START, actor="a", action="b", details={}).seq == 2
    with pytest.raises(ValueError, match="must be 2"):
        chain_entry(first, seq=3, at=START, actor="a", action="b", details={})


def test_an_altered_entry_is_found() -> None:
    entries = _chain()
    entries[2] = dataclasses.replace(entries[2], details='{"period":"2025-Q4"}')
    assert verify_chain(entries, key=KEY) == ["entry 3 was altered (its hash does not match it)"]


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        ([2], "entry 3 is missing (between 2 and 4)"),
        ([1, 2], "entries 2 to 3 are missing (between 1 and 4)"),
        ([0], "entry 1 is missing (between 0 and 2)"),
    ],
)
def test_a_deleted_entry_is_found(removed: list[int], expected: str) -> None:
    entries = [e for i, e in enumerate(_chain()) if i not in removed]
    assert verify_chain(entries, key=KEY) == [expected]


def test_reordered_entries_are_found() -> None:
    entries = _chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert "entry 2 is out of order (it comes after 3)" in verify_chain(entries, key=KEY)
    swapped = _chain()  # seq numbers swapped in place, so an ORDER BY seq shows the swap
    swapped[1], swapped[2] = (
        dataclasses.replace(swapped[2], seq=2),
        dataclasses.replace(swapped[1], seq=3),
    )
    problems = verify_chain(swapped, key=KEY)
    assert "entry 2 was altered (its hash does not match it)" in problems
    assert "entry 3 was altered (its hash does not match it)" in problems


def test_an_edited_entry_with_only_its_own_hash_recomputed_breaks_the_next_link() -> None:
    entries = _chain(key=None)
    edited = _forge([*entries[:2], dataclasses.replace(entries[2], actor="someone else")], 2, None)
    problems = verify_chain([*edited, *entries[3:]])
    assert problems == ["entry 4 does not link to entry 3 (broken link)"]


def test_a_recomputed_chain_fools_a_plain_hash_but_not_the_keyed_one() -> None:
    plain = _chain(key=None)
    plain[1] = dataclasses.replace(plain[1], action="nothing to see")
    assert verify_chain(_forge(plain, 1, key=None)) == []  # why the chain is keyed

    keyed = _chain(key=KEY)
    keyed[1] = dataclasses.replace(keyed[1], action="nothing to see")
    for guess in (None, b"guessed key"):
        problems = verify_chain(_forge(keyed, 1, key=guess), key=KEY)
        assert problems[0] == "entry 2 was altered (its hash does not match it)"
        assert len(problems) == 4


def test_a_broken_genesis_link_is_found() -> None:
    entry = dataclasses.replace(_chain(1)[0], prev_hash="f" * 64)
    entry = dataclasses.replace(entry, entry_hash=compute_hash(**_fields(entry), key=KEY))
    assert verify_chain([entry], key=KEY) == ["entry 1 does not start the chain (broken link)"]
