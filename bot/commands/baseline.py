"""`bigconv baseline import`: the trust's published annual WRES figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import store_of, today
from bot.settings import ConfigError
from bot.store_opening import operator
from bot.terminal.errors import run_cleanly
from handlers.baseline_import import parse_baseline_csv
from handlers.csv_rows import read_text

app = typer.Typer(help="Annual NHS Staff Survey baseline figures.", no_args_is_help=True)


@app.command("import")
def import_baseline(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="CSV: survey_year,staff_group,ethnic_group,indicator,percent,n")
    ],
    replace: Annotated[
        bool, typer.Option(help="Replace figures already imported for the same year and group")
    ] = False,
) -> None:
    """Load published annual figures; every report shows the pulse beside them."""

    def run() -> tuple[list[int], int, int]:
        figures = parse_baseline_csv(read_text(file), today=today())
        store = store_of(ctx)
        try:
            replaced = store.baselines.count_existing(figures)
            if replaced and not replace:
                raise ConfigError(
                    f"{replaced} of these figures are already imported, with the same year, "
                    "group and indicator. Nothing was changed; add --replace to overwrite them."
                )
            count = store.baselines.upsert(figures)
            store.audit.append(
                actor=operator().person.actor,
                action="baseline import",
                details={"file": file.name, "rows": count, "replaced": replaced},
            )
        finally:
            store.close()
        return sorted({f.survey_year for f in figures}), count, replaced

    years, count, replaced = run_cleanly(run)
    said = f", replacing {replaced} imported before" if replaced else ""
    Console().print(
        f"Imported {count} baseline figures for {', '.join(map(str, years))} "
        f"from {file.name}{said}."
    )
