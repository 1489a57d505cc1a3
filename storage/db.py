"""The database handle: one engine, SQLite or PostgreSQL, with the settings privacy needs.

SQLite runs with secure_delete (freed pages are zeroed, so a flushed buffer row or a
shredded key leaves no copy in the file) and in WAL mode with FULL sync. Every write
transaction starts with BEGIN IMMEDIATE so concurrent writers queue on busy_timeout
instead of failing when a read lock cannot be upgraded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Insert,
    Table,
    create_engine,
    event,
    exc,
    make_url,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 30_000
POSTGRES_POOL = 20  # connections kept open per process
MIGRATING = int.from_bytes(hashlib.sha256(b"bigconv:migrate").digest()[:8], "big", signed=True)
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_MS}",
)
# PostgreSQL: a dead or restarting server must fail a request well inside Slack's 3 s.
CONNECT_TIMEOUT_SECONDS = 2
POOL_TIMEOUT_SECONDS = 2.0
# Execution option naming how a SQLite transaction begins (IMMEDIATE unless a reader).
SQLITE_BEGIN = "bigconv_sqlite_begin"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the driver; the "begin" hook below issues BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_relaxed_sqlite_connect(dbapi_connection: Any, record: Any) -> None:
    _on_sqlite_connect(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    # WAL with NORMAL: the commit is not fsynced; the next FULL commit's fsync of the
    # same WAL file makes it durable too. Safe against a crash of the process.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_engine(url: URL, on_connect: Callable[[Any, Any], None]) -> Engine:
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, hide_parameters=True
    )
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _private_sqlite_files(path: Path) -> None:
    """Create the database file 0600 before SQLite does, and narrow existing files.

    SQLite gives the -wal and -shm files the database file's own mode, so an owner-only
    database keeps its write-ahead log owner-only too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for suffix in ("", "-wal", "-shm", "-journal"):
        found = path.with_name(path.name + suffix)
        try:
            if found.stat().st_mode & 0o077:
                os.chmod(found, 0o600)
        except FileNotFoundError:
            continue


def postgres_engine(url: URL, **engine_options: Any) -> Engine:
    """A PostgreSQL engine that fails fast, not slowly, when the server is gone: a request
    answers within Slack's 3 s either way (docs/scale-out.md, "A database restart")."""
    return create_engine(
        url,
        # A pooled connection the server closed (restart, failover) is noticed and
        # replaced before use, so replicas reconnect by themselves.
        pool_pre_ping=True,
        pool_timeout=POOL_TIMEOUT_SECONDS,
        connect_args=fail_fast_connect_args(),
        hide_parameters=True,
        **engine_options,
    )


def fail_fast_connect_args() -> dict[str, Any]:
    """libpq settings: give up connecting after CONNECT_TIMEOUT_SECONDS; notice a vanished
    server (keepalives for an idle connection, tcp_user_timeout for unanswered writes)."""
    return {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": int(CONNECT_TIMEOUT_SECONDS * 1000),
    }


def is_unavailable(error: BaseException) -> bool:
    """True when `error` means the database cannot be reached just now (down, restarting,
    connection lost, no pooled connection free in time): worth an honest "try again"."""
    if isinstance(error, exc.TimeoutError):  # the pool had no connection to lend in time
        return True
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(error, exc.OperationalError)
    return False


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """A connected database. Use `session()` for writes and `reader()` for long reads."""

    def __init__(self, engine: Engine, relaxed: Engine | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._relaxed_engine = relaxed
        self._relaxed = sessionmaker(relaxed or engine, expire_on_commit=False)

    @classmethod
    def connect(cls, url: str = "sqlite:///bigconv.db") -> Database:
        # hide_parameters: even with SQL echo switched on for debugging, bound values
        # (user ids, tokens, ciphertexts) never reach a log line or an error message.
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                _private_sqlite_files(Path(parsed.database))
            engine = _sqlite_engine(parsed, _on_sqlite_connect)
            if parsed.database and parsed.database != ":memory:":
                return cls(engine, _sqlite_engine(parsed, _on_relaxed_sqlite_connect))
        else:
            # Room for every thread of the store's call pool (16, handlers/store_calls.py)
            # and the rest of the process: with SQLAlchemy's default of 5, a busy replica
            # opened and closed a PostgreSQL connection for most transactions.
            engine = postgres_engine(parsed, pool_size=POSTGRES_POOL, max_overflow=8)
        return cls(engine)

    @property
    def dialect_name(self) -> str:
        return self.engine.dialect.name

    @property
    def is_postgres(self) -> bool:
        return self.dialect_name == "postgresql"

    def migrate(self, *, chain_key: bytes | None = None) -> None:
        """Bring the schema to the newest Alembic revision. `chain_key` (the audit key)
        lets a migration chain the rows it converts, as 0006 does for old releases."""
        with self.engine.begin() as connection:
            if self.is_postgres:  # replicas starting together migrate one after another
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATING})
            config = alembic_config()
            config.attributes["connection"] = connection
            config.attributes["chain_key"] = chain_key
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    @property
    def relaxed_engine(self) -> Engine:
        """For write transactions whose commit need not wait for the disk: records that
        may be lost in a power cut but not in a crash (the replay guard's seen requests),
        so that a request costs one disk flush (its answer), not two. The next ordinary
        commit flushes these too. PostgreSQL: the transaction sets synchronous_commit off
        itself (storage.bounded_write)."""
        return self._relaxed_engine or self.engine

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A read-only transaction on one connection, for streaming large results."""
        with self.engine.connect() as connection:
            connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
            with connection.begin():
                yield connection

    def vacuum_tables(self, *names: str) -> None:
        """Remove dead row versions of these tables now, not at some later autovacuum.

        PostgreSQL keeps an updated or deleted row's old version (with its xmin, the id of
        the transaction that wrote it) until VACUUM; SQLite's secure_delete already zeroes
        freed content, so there only the WAL needs folding back and truncating.
        """
        unknown = set(names) - set(Base.metadata.tables)
        if unknown:
            raise ValueError(f"not tables of this schema: {sorted(unknown)}")
        if self.is_postgres:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for name in names:
                    conn.exec_driver_sql(f"VACUUM {name}")
        else:
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.close()
            finally:
                raw.close()

    def close(self) -> None:
        self.engine.dispose()
        if self._relaxed_engine is not None:
            self._relaxed_engine.dispose()


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at the migrations shipped inside this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    return config


def serialise(session: Session, name: str) -> None:
    """Make writers that share `name` take turns until this transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, every write
    transaction already holds the database's single write lock from BEGIN IMMEDIATE.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def insert_or_ignore(dialect_name: str, table: Table, key: str) -> Insert:
    """INSERT that skips rows whose `key` already exists (ON CONFLICT DO NOTHING), so an
    idempotency key can be retried by anyone without checking first."""
    if dialect_name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])
