"""`bigconv teams package`: the Teams app package to upload in the Teams admin centre."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import settings_of
from bot.config import ConfigError
from bot.errors import run_cleanly
from bot.teams.package import AppDetails, package
from bot.teams.settings import teams_settings

app = typer.Typer(help="Microsoft Teams: the app package.", no_args_is_help=True)
console = Console()


@app.command("package")
def package_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Where to write the zip")] = Path("bigconv-teams.zip"),
    app_id: Annotated[
        str | None, typer.Option(help="The Entra app (client) id; default: from [teams] app_id_env")
    ] = None,
    version: Annotated[str, typer.Option(help="The app's version (raise it to update)")] = "1.0.0",
) -> None:
    """Write manifest.json and the icons, zipped, for Teams admin centre > Manage apps."""
    teams = teams_settings(settings_of(ctx))

    def build() -> Path:
        bot_id = app_id or teams.app_id
        if not bot_id:
            raise ConfigError(f"Give --app-id, or set {teams.app_id_env}.")
        if not teams.public_url.startswith("https://"):
            raise ConfigError("Set [teams] public_url to the server's https address first.")
        details = AppDetails(
            bot_id=bot_id,
            host=teams.public_host,
            developer=teams.developer_name,
            website_url=teams.public_url,
            privacy_url=teams.privacy_url or f"{teams.public_url}/privacy",
            terms_url=teams.terms_url or f"{teams.public_url}/terms",
            version=version,
        )
        out.write_bytes(package(details))
        return out

    written = run_cleanly(build)
    console.print(f"Teams app package written to {written}: upload it in the Teams admin centre.")
