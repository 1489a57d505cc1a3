"""`bigconv`: the command line of Big Conversation."""

from __future__ import annotations

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
    releases,
    report,
    rounds,
    serve,
    teams,
    workforce,
)
from bot.config import load_settings
from bot.errors import run_cleanly

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
app.add_typer(workforce.app, name="workforce")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
app.add_typer(rounds.app, name="rounds")
app.add_typer(prompts.app, name="prompts")
app.add_typer(teams.app, name="teams")
app.add_typer(releases.app, name="releases")
app.command("import-responses")(imports.import_responses)
app.command("report")(report.report)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


def main() -> None:
    app()
