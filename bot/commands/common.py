"""What every command needs: the settings from the context and an open store."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import typer
from rich.console import Console

from bot.settings import ConfigError, Settings
from bot.store_opening import open_store
from storage.store import Store


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def store_of(ctx: typer.Context, *, existing: bool = False) -> Store:
    """`existing=True` for commands that only look: they never create a database or keys."""
    return open_store(settings_of(ctx), existing=existing)


def today() -> date:
    return datetime.now(UTC).date()


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def check_writable(path: Path, *, option: str = "--out") -> None:
    """Refuse an output file that cannot be written, before any work (or audit entry)
    is done for it."""
    if path.is_dir():
        raise ConfigError(f"{option} {path} is a folder; give a file name.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(f"{option} {path}: the folder {folder} does not exist.")
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError(f"{option} {path} cannot be written (permission denied).")
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"{option} {path}: the folder {folder} cannot be written.")


def fail_on_broken_chain(console: Console, problems: list[str], summary: str) -> None:
    """Print each break of a hash chain and the summary, then exit 1; nothing if intact."""
    if not problems:
        return
    for problem in problems:
        console.print(f"[red]broken:[/] {problem}")
    console.print(summary)
    raise typer.Exit(1)
