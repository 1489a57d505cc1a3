"""What every command needs: the settings from the context and an open store."""

from __future__ import annotations

from datetime import UTC, date, datetime

import typer

from bot.config import Settings
from bot.runtime import open_store
from storage.store import Store


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def store_of(ctx: typer.Context) -> Store:
    return open_store(settings_of(ctx))


def today() -> date:
    return datetime.now(UTC).date()


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
