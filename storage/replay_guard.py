"""Refusing replayed signed requests: a (timestamp, signature) pair is accepted once.

Slack and Teams sign each request with a timestamp and reject timestamps older than five
minutes; inside that window a captured request would still verify. Remembering every
accepted pair in the database (not in memory) refuses the replay on every replica.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, delete

from storage.bounded_write import bounded_transaction
from storage.db import Database, insert_or_ignore
from storage.models import SeenRequest

WINDOW_SECONDS = 300
PRUNE_EVERY_SECONDS = 30


class ReplayGuard:
    def __init__(self, db: Database, *, window: int = WINDOW_SECONDS) -> None:
        self._db, self._window = db, window
        self._pruned_at = 0

    def first_sighting(self, key: str, ts: int, now: int) -> bool:
        """True the first time this signed request is seen inside the window; False for a
        replay, or for a timestamp outside the window (which should never verify)."""
        return self.first_sightings([(key, ts, now)])[0]

    def first_sightings(
        self, requests: Sequence[tuple[str, int, int]], *, lock_wait: float | None = None
    ) -> list[bool]:
        """`first_sighting` for many (key, ts, now) at once, in one transaction: the
        requests that arrive together (handlers.store_calls batches them). `lock_wait`
        (seconds): WriteNotStarted, nothing written, if the write cannot begin by then."""
        fresh: dict[str, tuple[int, int]] = {}  # digest -> (first index, expires)
        for n, (key, ts, now) in enumerate(requests):
            if abs(now - ts) > self._window:
                continue
            # Hashed: the table needs equality only, and holds no reusable signature.
            digest = hashlib.sha256(f"{ts}|{key}".encode()).hexdigest()
            # Kept until the timestamp itself is outside the window, whichever clock is
            # ahead.
            fresh.setdefault(digest, (n, max(ts, now) + self._window))
        if not fresh:
            return [False] * len(requests)
        table = cast(Table, SeenRequest.__table__)
        rows = [{"key": digest, "expires_at": exp} for digest, (_, exp) in fresh.items()]
        insert = insert_or_ignore(self._db.dialect_name, table, "key").values(rows)
        now = max(now for _, _, now in requests)
        # Relaxed: only a power cut in the next moment could lose this record, and a
        # replay would then also need a captured request; the answer's own commit
        # flushes it to disk anyway.
        bounded = bounded_transaction(
            self._db, lock_wait=lock_wait, statement_wait=lock_wait, relaxed=True
        )
        with bounded as conn:
            inserted = set(conn.execute(insert.returning(table.c.key)).scalars())
            if now - self._pruned_at >= PRUNE_EVERY_SECONDS:
                conn.execute(delete(table).where(table.c.expires_at < now))
                self._pruned_at = now
        firsts = {n for digest, (n, _) in fresh.items() if digest in inserted}
        return [n in firsts for n in range(len(requests))]
