"""The audit log's head, anchored outside the database.

The hash chain shows an entry altered, removed from the middle or reordered, but not the
newest entries deleted: what is left is still a valid chain. So after each append
commits, its sequence number and hash are added as one line to an append-only file kept
with the key files, MACed with a key derived from the pepper. A database administrator
holds neither the file nor the pepper: deleting the newest entries (or restoring an old
backup) leaves an anchor line the database can no longer match, and `audit verify` says
so. Each server appends the entries it wrote; a line is never rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.audit_chain import AuditEntry

_DOMAIN = b"bigconv audit anchor v1"


@dataclass(frozen=True, slots=True)
class Anchored:
    seq: int
    entry_hash: str


class AuditAnchor:
    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = hmac.new(key, _DOMAIN, hashlib.sha256).digest()

    def _mac(self, seq: int, entry_hash: str) -> str:
        return hmac.new(self._key, f"{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()

    def record(self, entry: AuditEntry) -> None:
        """Append the committed entry's head line (one write, O_APPEND, then fsync)."""
        line = f"{entry.seq} {entry.entry_hash} {self._mac(entry.seq, entry.entry_hash)}\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def _read(self) -> tuple[list[Anchored], list[str]]:
        anchored: list[Anchored] = []
        problems: list[str] = []
        text = self.path.read_text(encoding="ascii", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.split()
            if len(parts) != 3 or not parts[0].isdigit():
                problems.append(f"{self.path} line {number} is not an anchor line")
                continue
            seq, entry_hash, mac = int(parts[0]), parts[1], parts[2]
            if not hmac.compare_digest(mac, self._mac(seq, entry_hash)):
                problems.append(f"{self.path} line {number} was not written by Big Conversation")
                continue
            anchored.append(Anchored(seq, entry_hash))
        return anchored, problems

    def check(self, entries: Sequence[AuditEntry]) -> list[str]:
        """What the database's log lacks against the anchor file; empty if it agrees.
        With no anchor file yet, the current head is anchored (trust on first use)."""
        if not self.path.exists():
            # First verify after an upgrade (or a new anchor file): anchor from here on.
            if entries:
                self.record(max(entries, key=lambda e: e.seq))
            return []
        anchored, problems = self._read()
        by_seq = {entry.seq: entry.entry_hash for entry in entries}
        newest = max(entries, key=lambda e: e.seq).seq if entries else 0
        head = max((a.seq for a in anchored), default=0)
        if head > newest:
            problems.append(
                f"the log ends at entry {newest} but entry {head} was written: "
                f"{head - newest} of the newest entries have been removed"
            )
        for anchor in anchored:
            found = by_seq.get(anchor.seq)
            if found is not None and found != anchor.entry_hash:
                problems.append(f"entry {anchor.seq} is not the entry that was written")
        return problems
