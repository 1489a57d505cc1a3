"""`bigconv db upgrade`: apply the Alembic migrations (other commands do it on their own)."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.commands.common import settings_of
from bot.store_opening import open_store
from bot.terminal.errors import run_cleanly

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date."""
    store = run_cleanly(lambda: open_store(settings_of(ctx)))
    Console().print(f"Database is at revision {store.revision()}.")
    store.close()
