"""A write transaction with bounds from its caller's deadline: `lock_wait` for the
locks it needs to begin (SQLite's write lock, PostgreSQL's row locks) and, on
PostgreSQL, `statement_wait` for any one statement; either passing rolls the
transaction back and raises WriteNotStarted, so nothing of it stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from storage.db import SQLITE_BUSY_MS, Database
from storage.errors import StorageError

_PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_QUERY_CANCELED = "57014"  # statement_timeout


class WriteNotStarted(StorageError):
    """The database's write lock (or a row lock) was not had in time, a statement ran
    past its bound, or the caller gave the write up: the transaction was rolled back and
    nothing of it was written."""

    def __init__(self) -> None:
        super().__init__("The answers could not be recorded in time; nothing was kept.")


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else max(1, int(seconds * 1000))


@contextmanager
def bounded_transaction(
    db: Database,
    *,
    lock_wait: float | None = None,
    statement_wait: float | None = None,
    relaxed: bool = False,
) -> Iterator[Connection]:
    """`relaxed`: the commit does not wait for the disk (storage.db's relaxed_engine
    says when that is right)."""
    lock_ms, statement_ms = _ms(lock_wait), _ms(statement_wait)
    with (db.relaxed_engine if relaxed else db.engine).connect() as conn:
        raw = conn.connection.dbapi_connection
        sqlite_bound = lock_ms is not None and not db.is_postgres and raw is not None
        if sqlite_bound:
            # Before BEGIN IMMEDIATE, which is what waits for the write lock.
            raw.execute(f"PRAGMA busy_timeout={lock_ms}")  # type: ignore[union-attr]
        try:
            with conn.begin():
                if db.is_postgres:
                    if lock_ms is not None:
                        conn.execute(text(f"SET LOCAL lock_timeout = {lock_ms}"))
                    if statement_ms is not None:
                        conn.execute(text(f"SET LOCAL statement_timeout = {statement_ms}"))
                    if relaxed:
                        conn.execute(text("SET LOCAL synchronous_commit TO OFF"))
                yield conn
        except OperationalError as exc:
            if (lock_ms is not None or statement_ms is not None) and _out_of_time(exc):
                raise WriteNotStarted() from None
            raise
        finally:
            if sqlite_bound:
                raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")  # type: ignore[union-attr]


def _out_of_time(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in (_PG_LOCK_NOT_AVAILABLE, _PG_QUERY_CANCELED) or "database is locked" in str(
        exc.orig
    )
