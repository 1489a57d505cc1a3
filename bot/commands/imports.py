"""`bigconv import-responses`: paper, offline forms and history (docs/indicators.md#import-csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from bot.commands.common import store_of, today
from bot.store_opening import operator
from bot.terminal.errors import run_cleanly
from handlers.csv_rows import read_text
from handlers.response_import import late_months, late_rows_warning, parse_response_csv


def import_responses(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV: period,staff_group,ethnicity,q14a,...,q16c")],
) -> None:
    """Import answers from a CSV file. All or nothing: one bad row and nothing is stored."""

    def run() -> dict[str, int]:
        rows = parse_response_csv(read_text(file), today=today())
        store = store_of(ctx)
        try:
            late = late_months(store, {month for month, _ in rows})
            if late:
                Console(stderr=True).print(
                    f"[yellow]warning:[/] {late_rows_warning(late, store.k)}", highlight=False
                )
            with Progress(transient=True) as progress:
                task = progress.add_task("Encrypting and storing answers", total=len(rows))
                counts = store.import_responses(rows, progress=lambda n: progress.advance(task, n))
            store.audit.append(
                actor=operator().person.actor,
                action="import responses",
                details={"file": file.name, "rows": len(rows)},
            )
        finally:
            store.close()
        return counts

    counts = run_cleanly(run)
    months = ", ".join(f"{m} ({n})" for m, n in sorted(counts.items()))
    Console().print(f"Imported {sum(counts.values())} responses: {months}.")
