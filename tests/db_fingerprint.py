"""What "never a write" means for the fuzz tests: no table gains, loses or changes a row.

`seen_requests` is left out on purpose: a correctly signed request is remembered there
before its body is read, so that the same request cannot be replayed."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Base
from storage.store import Store

REPLAY_GUARD = "seen_requests"


def fingerprint(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the replay guard, in a stable order."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with store.db.reader() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == REPLAY_GUARD:
                continue
            rows = connection.execute(select(table)).all()
            found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found
