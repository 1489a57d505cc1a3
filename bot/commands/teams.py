"""`bigconv teams package`: the Teams app package to upload in the Teams admin centre."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import settings_of
from bot.settings import ConfigError, Settings
from bot.teams.package import DEVELOPER_NAME_MAX, AppDetails, developer_name, package
from bot.terminal.errors import run_cleanly

app = typer.Typer(help="Microsoft Teams: the app package.", no_args_is_help=True)
console = Console()
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def app_details(settings: Settings, app_id: str | None, version: str) -> AppDetails:
    """What goes in the manifest, checked first: Teams admin centre only says "invalid"."""
    teams = settings.teams
    bot_id = (app_id or teams.app_id).strip()
    if not bot_id:
        raise ConfigError(f"Give --app-id, or set {teams.app_id_env}.")
    if not GUID.match(bot_id):
        raise ConfigError(
            "The app id must be the Entra application (client) id, a GUID such as "
            "00000000-0000-0000-0000-000000000000."
        )
    if not teams.public_url.startswith("https://"):
        raise ConfigError(
            "Set [teams] public_url to the server's https address first, e.g. "
            '"https://bigconv.example.nhs.uk" (Teams only talks to https).'
        )
    if not SEMVER.match(version):
        raise ConfigError("--version must be three numbers, e.g. 1.0.1.")
    return AppDetails(
        bot_id=bot_id,
        host=teams.public_host,
        developer=settings.developer_name,
        website_url=teams.public_url,
        privacy_url=teams.privacy_url or f"{teams.public_url}/privacy",
        terms_url=teams.terms_url or f"{teams.public_url}/terms",
        version=version,
    )


@app.command("package")
def package_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Where to write the zip")] = Path("bigconv-teams.zip"),
    app_id: Annotated[
        str | None,
        typer.Option(
            help="The Entra app (client) id; default: from the app_id_env of the teams section"
        ),
    ] = None,
    version: Annotated[str, typer.Option(help="The app's version (raise it to update)")] = "1.0.0",
) -> None:
    """Write manifest.json and the icons, zipped, for Teams admin centre > Manage apps."""
    settings = settings_of(ctx)

    def build() -> Path:
        details = app_details(settings, app_id, version)
        shown = developer_name(details)
        if shown != " ".join(details.developer.split()):
            console.print(
                f"Note: Teams allows {DEVELOPER_NAME_MAX} characters for the developer name, "
                f'so the package names the trust "{shown}". Set [teams] developer_name to '
                "choose the short form yourself.",
                markup=False,
                highlight=False,
            )
        zipped = package(details)
        try:
            out.write_bytes(zipped)
        except OSError as exc:
            raise ConfigError(f"Could not write {out}: {exc.strerror}.") from None
        return out

    written = run_cleanly(build)
    console.print(f"Teams app package written to {written}: upload it in the Teams admin centre.")
