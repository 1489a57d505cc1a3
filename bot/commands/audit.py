"""`bigconv audit verify`: check the hash chain of the audit log."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.commands.common import fail_on_broken_chain, store_of
from bot.terminal.errors import run_cleanly

app = typer.Typer(
    help="The audit log of report pulls, exports and role changes.", no_args_is_help=True
)


@app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Check that no audit entry was altered, removed or reordered."""

    def run() -> tuple[int, list[str]]:
        store = store_of(ctx, existing=True)
        try:
            return store.audit.count(), store.audit.verify()
        finally:
            store.close()

    count, problems = run_cleanly(run)
    console = Console()
    fail_on_broken_chain(
        console, problems, f"The audit log of {count} entries has been tampered with."
    )
    console.print(f"The audit log is intact: {count} entries, chain verified.")
