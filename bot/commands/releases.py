"""`bigconv releases`: what has left the system, when, to whom, in what form, and how
many cells were held back for each reason."""

from __future__ import annotations

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bot.commands.common import fail_on_broken_chain, store_of
from bot.terminal.errors import run_cleanly
from storage.repositories.release_history import StoredRelease

app = typer.Typer(
    help="The history of everything released (reports, summaries, exports).", no_args_is_help=True
)

REASON_HEADINGS = (
    ("too_few", "Too few"),
    ("complementary", "Hidden to protect others"),
    ("history", "Hidden against earlier"),
)


@app.command("list")
def list_releases(ctx: typer.Context) -> None:
    """Every release, oldest first, with how many cells were hidden for each reason."""

    def run() -> list[StoredRelease]:
        store = store_of(ctx, existing=True)
        try:
            return store.releases.stored()
        finally:
            store.close()

    releases = run_cleanly(run)
    console = Console()
    if not releases:
        console.print("Nothing has been released yet.")
        return
    table = Table(box=box.SIMPLE_HEAD, title="Releases", title_justify="left")
    for heading in ("#", "Released at (UTC)", "To", "Form", "What", "Figures"):
        table.add_column(heading, no_wrap=heading != "What")
    for _, heading in REASON_HEADINGS:
        table.add_column(heading, justify="right")
    for release in releases:
        table.add_row(
            str(release.seq),
            release.at.replace("T", " ").rstrip("Z"),
            release.actor_role,
            release.form,
            release.label,
            str(len(release.figures)),
            *(str(release.suppressed.get(reason, 0)) for reason, _ in REASON_HEADINGS),
        )
    console.print(table)


@app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Check that no release was altered, removed or reordered in the history."""

    def run() -> tuple[int, list[str]]:
        store = store_of(ctx, existing=True)
        try:
            return store.releases.verify()
        finally:
            store.close()

    count, problems = run_cleanly(run)
    console = Console()
    fail_on_broken_chain(
        console,
        problems,
        f"The release history of {count} releases is damaged: nothing will be released "
        "until the database is restored from a backup taken before the damage.",
    )
    console.print(f"The release history is intact: {count} releases, chain verified.")
