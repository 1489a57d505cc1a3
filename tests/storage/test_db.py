"""The database handle and the migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.db import Database
from storage.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _head() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_upgrade_on_an_empty_database_creates_every_table(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        assert db.revision() is None
        db.migrate()
        db.migrate()  # idempotent
        assert db.revision() == _head()
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        db.close()


def test_models_match_the_migrations(database: Database) -> None:
    # What `alembic check` does: autogenerate against the migrated schema finds nothing.
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_alembic_ini_at_the_root_reaches_the_same_scripts(tmp_path: Path) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    db = Database.connect(url)
    try:
        assert db.revision() == _head()
    finally:
        db.close()


def test_sqlite_connections_carry_the_privacy_pragmas(tmp_path: Path) -> None:
    db = Database.connect(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with db.engine.connect() as connection:
            value = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "secure_delete", "foreign_keys")
            }
            busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert value == {
            "journal_mode": "wal",
            "synchronous": 2,
            "secure_delete": 1,
            "foreign_keys": 1,
        }
        assert busy is not None and busy >= 1000
    finally:
        db.close()


def test_sqlite_anonymity_tables_have_no_rowid(tmp_path: Path) -> None:
    db = Database.connect(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        db.migrate()
        with db.engine.connect() as connection:
            for table in ("participation", "response_buffer", "responses"):
                sql = connection.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).scalar_one()
                assert "WITHOUT ROWID" in sql
    finally:
        db.close()


def test_a_failing_session_is_rolled_back(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        session.execute(
            text(
                "INSERT INTO baselines (survey_year, staff_group, ethnic_group, indicator, "
                "percent) VALUES (2026, 'all', 'all', 'wres5', 1.0)"
            )
        )
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM baselines")).scalar_one() == 0


def test_vacuum_refuses_unknown_tables_and_runs_on_known_ones(database: Database) -> None:
    with pytest.raises(ValueError, match="not tables"):
        database.vacuum_tables("responses; DROP TABLE staff")
    database.vacuum_tables("response_buffer", "participation")
    assert database.dialect_name in {"sqlite", "postgresql"}
