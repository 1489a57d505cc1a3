"""Alembic environment: runs on the connection `Database.migrate()` hands over, or on the
URL of alembic.ini when a developer runs `alembic` at the repository root."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from storage.db import Database
from storage.models import Base

# Tables that live in our database but are not ours to migrate (APScheduler's job store).
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ == "table" and name in FOREIGN_TABLES)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///bigconv.db"
    database = Database.connect(url)
    try:
        with database.engine.begin() as own:
            _run(own)
    finally:
        database.close()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
