"""Refusing replayed signed requests: a (timestamp, signature) pair is accepted once.

Slack and Teams sign each request with a timestamp and reject timestamps older than five
minutes; inside that window a captured request would still verify. Remembering every
accepted pair in the database (not in memory) refuses the replay on every replica.
"""

from __future__ import annotations

import hashlib
from typing import cast

from sqlalchemy import Table, delete

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
        if abs(now - ts) > self._window:
            return False
        # Hashed: the table needs equality only, and holds no reusable signature.
        digest = hashlib.sha256(f"{ts}|{key}".encode()).hexdigest()
        # Kept until the timestamp itself is outside the window, whichever clock is ahead.
        expires = max(ts, now) + self._window
        table = cast(Table, SeenRequest.__table__)
        insert = insert_or_ignore(self._db.dialect_name, table, "key")
        # Relaxed: only a power cut in the next moment could lose this record, and a
        # replay would then also need a captured request; the answer's own commit
        # flushes it to disk anyway.
        with self._db.relaxed_session() as session:
            returned = insert.values(key=digest, expires_at=expires).returning(SeenRequest.key)
            first = session.execute(returned).first() is not None
            if now - self._pruned_at >= PRUNE_EVERY_SECONDS:
                session.execute(delete(SeenRequest).where(SeenRequest.expires_at < now))
                self._pruned_at = now
        return first
