"""`bigconv baseline import`: the trust's published annual WRES figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import store_of
from bot.errors import run_cleanly
from bot.runtime import operator
from handlers.baseline_import import parse_baseline_csv
from handlers.csv_rows import read_text

app = typer.Typer(help="Annual NHS Staff Survey baseline figures.", no_args_is_help=True)


@app.command("import")
def import_baseline(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="CSV: survey_year,staff_group,ethnic_group,indicator,percent,n")
    ],
) -> None:
    """Load published annual figures; every report shows the pulse beside them."""

    def run() -> int:
        figures = parse_baseline_csv(read_text(file))
        store = store_of(ctx)
        try:
            count = store.baselines.upsert(figures)
            store.audit.append(
                actor=operator().person.actor,
                action="baseline import",
                details={"file": file.name, "rows": count},
            )
        finally:
            store.close()
        return count

    count = run_cleanly(run)
    years = "rows"
    Console().print(f"Imported {count} baseline {years} from {file.name}.")
