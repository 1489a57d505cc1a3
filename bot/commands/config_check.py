"""`bigconv config check`: the effective settings (secrets masked), then whether the
database answers and the secrets the configuration names are in the environment."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from bot.commands.common import settings_of
from bot.settings.checks import all_checks
from bot.settings.display import as_toml, effective

app = typer.Typer(
    help="The configuration: print the effective settings and check what they name.",
    no_args_is_help=True,
)


@app.command("check")
def check(ctx: typer.Context) -> None:
    """Print the effective settings and check the database and the named secrets.
    Exit 0 when all is well, 1 with the list of what is not."""
    settings = settings_of(ctx)
    console = Console(highlight=False, soft_wrap=True)
    where = settings.source or "no file (the embedded default)"
    console.print(f"# Effective settings from {escape(str(where))}; secrets masked.\n")
    console.print(as_toml(effective(settings)), markup=False)
    checks = all_checks(settings)
    for result in checks:
        mark = "[green]ok[/]     " if result.ok else "[red]problem[/]"
        console.print(f"{mark} {escape(result.what)}")
    problems = [result for result in checks if not result.ok]
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        console.print(f"\n[red]{count}[/]: fix them before `bigconv serve`.")
        raise typer.Exit(1)
    console.print("\nAll checks passed.")
