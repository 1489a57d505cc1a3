"""`bigconv workforce import`: headcounts from an ESR extract, for response rates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import store_of, today
from bot.store_opening import operator
from bot.terminal.errors import run_cleanly
from handlers.csv_rows import read_text
from handlers.workforce_import import parse_workforce_csv

app = typer.Typer(help="Workforce headcounts (ESR extract).", no_args_is_help=True)


@app.command("import")
def import_workforce(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV: month,staff_group,ethnic_category,headcount")],
) -> None:
    """Load headcounts by month, staff group and NHS Data Dictionary ethnic category.
    All or nothing; a month in the file replaces what was held for that month."""

    def run() -> dict[str, int]:
        rows = parse_workforce_csv(read_text(file), today=today())
        store = store_of(ctx)
        try:
            totals = store.workforce.replace_months(rows)
            store.audit.append(
                actor=operator().person.actor,
                action="workforce import",
                details={"file": file.name, "rows": len(rows), "months": sorted(totals)},
            )
        finally:
            store.close()
        return totals

    totals = run_cleanly(run)
    months = ", ".join(f"{m} ({n:,} staff)" for m, n in sorted(totals.items()))
    Console().print(f"Imported workforce headcounts for {months}.", highlight=False)
