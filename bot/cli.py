"""`bigconv`: the command line of Big Conversation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.commands import (
    audit,
    baseline,
    database,
    demo,
    imports,
    keys,
    prompts,
    report,
    rounds,
    serve,
    teams,
)
from bot.config import load_settings
from bot.errors import err, last_resort, run_cleanly

app = typer.Typer(
    name="bigconv",
    help="Anonymous WRES 5-8 pulse surveys and Big Conversation prompts for NHS trusts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="Configuration file (TOML).")
    ] = None,
) -> None:
    ctx.obj = run_cleanly(lambda: load_settings(config))


app.add_typer(database.app, name="db")
app.add_typer(baseline.app, name="baseline")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
app.add_typer(rounds.app, name="rounds")
app.add_typer(prompts.app, name="prompts")
app.add_typer(teams.app, name="teams")
app.command("import-responses")(imports.import_responses)
app.command("report")(report.report)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:
        sys.exit(last_resort(exc))
