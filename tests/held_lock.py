"""Another connection holding the lock a submission needs, for a while: SQLite's write
lock, or on PostgreSQL the round's row (as a close holds it)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import text

from storage.store import Store


class HeldLock:
    """Another connection holding the lock the submission needs, for `seconds`."""

    def __init__(self, store: Store, round_id: str, seconds: float) -> None:
        self._store, self._round_id, self._seconds = store, round_id, seconds
        self._taken = threading.Event()
        self._thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        if self._store.db.is_postgres:
            with self._store.db.engine.connect() as conn, conn.begin():
                query = text("SELECT id FROM rounds WHERE id = :id FOR UPDATE")
                conn.execute(query, {"id": self._round_id})
                self._taken.set()
                time.sleep(self._seconds)
            return
        path = Path(str(self._store.db.engine.url.database))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        self._taken.set()
        time.sleep(self._seconds)
        holder.execute("ROLLBACK")
        holder.close()

    async def __aenter__(self) -> HeldLock:
        self._thread.start()
        await asyncio.to_thread(self._taken.wait)
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.to_thread(self._thread.join)
