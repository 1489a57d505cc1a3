"""Migrations 0003, 0004 and 0007 match the models, goes down and up again, and keeps replies in a
WITHOUT ROWID table on SQLite."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import storage.prompt_models  # noqa: F401 - registers the tables on Base.metadata
from storage.db import Database, alembic_config
from storage.models import Base
from storage.prompt_store import Prompts
from tests.discussion.conftest import posted_prompt, reply

TABLES = {"prompts", "prompt_posts", "prompt_replies", "bot_channels"}


def test_the_migration_matches_the_models(database: Database) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert database.revision() == head
    assert set(Base.metadata.tables) >= TABLES
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_again(database: Database) -> None:
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert database.revision() == "0002"
    assert not TABLES & set(inspect(database.engine).get_table_names())
    database.migrate()
    assert set(inspect(database.engine).get_table_names()) >= TABLES


def test_replies_are_stored_in_random_key_order_on_sqlite(database: Database) -> None:
    if database.is_postgres:
        return
    with database.engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'prompt_replies'")
        ).scalar_one()
    assert "WITHOUT ROWID" in sql


def test_0007_gives_replies_already_queued_a_queue_id(database: Database, prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    reply(prompts, prompt_id, "from before the upgrade")
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    columns = {c["name"] for c in inspect(database.engine).get_columns("prompt_replies")}
    assert "queue_id" not in columns
    database.migrate()
    [queued] = prompts.replies(prompt_id, ("pending",))
    assert len(queued.queue_id) == 8 and queued.text == "from before the upgrade"
