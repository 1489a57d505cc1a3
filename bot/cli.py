"""`bigconv`: the command line of Big Conversation.

Each command's module is imported only when that command runs: `bigconv --help` and
`--version` answer without loading pandas, SQLAlchemy or the chat SDKs, and `report`
never loads the Slack or Teams SDKs."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from bot.terminal.errors import err, last_resort, run_cleanly

# name: (module, attribute, the one-line help shown by `bigconv --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("bot.commands.demo", "demo",
             "Run a realistic synthetic trust through a few pulse rounds and report WRES 5-8."),
    "report": ("bot.commands.report", "report",
               "Indicators 5-8, White vs BME, by ethnic and staff group, with intervals and "
               "trend."),
    "serve": ("bot.commands.serve", "serve",
              "Run the bot: the web server, and the scheduler and delivery when this is the "
              "leader."),
    "rounds": ("bot.commands.rounds", "app", "Open, close and inspect pulse rounds."),
    "prompts": ("bot.commands.prompts", "app",
                "Big Conversation prompts and their anonymous replies."),
    "import-responses": ("bot.commands.imports", "import_responses",
                         "Import answers from a CSV file. All or nothing: one bad row and "
                         "nothing is stored."),
    "baseline": ("bot.commands.baseline", "app", "Annual NHS Staff Survey baseline figures."),
    "workforce": ("bot.commands.workforce", "app", "Workforce headcounts (ESR extract)."),
    "releases": ("bot.commands.releases", "app",
                 "The history of everything released (reports, summaries, exports)."),
    "audit": ("bot.commands.audit", "app",
              "The audit log of report pulls, exports and role changes."),
    "keys": ("bot.commands.keys", "app", "Encryption keys."),
    "db": ("bot.commands.database", "app", "Database schema."),
    "teams": ("bot.commands.teams", "app", "Microsoft Teams: the app package."),
    "config": ("bot.commands.config_check", "app",
               "The configuration: print the effective settings and check what they name."),
}  # fmt: skip


class _Listed(TyperCommand):
    """What `--help` lists for a command not loaded yet."""


def load_command(name: str) -> Any:
    """The real click command behind `name`, importing its module now."""
    module_name, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module_name), attribute)
    command: Any
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        holder = typer.Typer()
        holder.command(name)(target)
        command = typer.main.get_command(holder)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        return _Listed(name=cmd_name, help=COMMANDS[cmd_name][2])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Listed) and name is not None:
            command = load_command(name)
        return name, command, rest


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"bigconv {version('big-conversation')}")
        raise typer.Exit()


app = typer.Typer(
    name="bigconv",
    cls=LazyGroup,
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
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help="Show the version."),
    ] = False,
) -> None:
    from bot.settings import load_settings

    ctx.obj = run_cleanly(lambda: load_settings(config))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:
        sys.exit(last_resort(exc))
