"""`bigconv keys init|rotate`: the master key and the HMAC pepper."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from bot.commands.common import settings_of
from bot.errors import run_cleanly
from bot.runtime import open_store, operator
from storage.keys import KeyConfigError, Secrets, generate_key, load_secrets, write_key_file

app = typer.Typer(help="Encryption keys.", no_args_is_help=True)
console = Console()


@app.command("init")
def init(ctx: typer.Context) -> None:
    """Create the master key and pepper files named in the configuration (mode 0600)."""
    keys = settings_of(ctx).keys
    for path in (keys.master_key_file, keys.pepper_file):
        if path is None:
            continue
        if path.exists():
            console.print(f"{path} already exists; left as it is.")
            continue
        write_key_file(path, generate_key())
        console.print(f"Created {path} (owner read/write only). Back it up somewhere safe.")


def _new_master_key(current: Path | None, new_key_file: Path | None) -> tuple[bytes, Path | None]:
    if new_key_file is not None:
        secrets, _ = load_secrets(
            master_key_env="",
            pepper_env="",
            master_key_file=new_key_file,
            pepper_file=None,
            create_if_missing=False,
            environ={},
            require_pepper=False,
        )
        return secrets.master_key, None
    if current is None:
        raise KeyConfigError(
            "The master key comes from the environment: generate a new one, "
            "put it in a file and pass --new-key-file."
        )
    staged = current.with_name(current.name + ".new")
    if staged.exists():
        raise KeyConfigError(
            f"{staged} already exists from an earlier rotation; "
            "move it away or pass it with --new-key-file."
        )
    write_key_file(staged, generate_key())
    return base64.b64decode(staged.read_text().strip()), staged


@app.command("rotate")
def rotate(
    ctx: typer.Context,
    new_key_file: Annotated[
        Path | None,
        typer.Option(
            help="A file holding the new master key (base64). Without it a new key is generated "
            "and replaces the configured key file."
        ),
    ] = None,
) -> None:
    """Re-wrap every round's data key under a new master key. Answers are not touched."""
    settings = settings_of(ctx)

    def run() -> None:
        store = open_store(settings)
        try:
            key, staged = _new_master_key(settings.keys.master_key_file, new_key_file)
            new = Secrets(master_key=key, pepper=store.vault.secrets.pepper)
            with Progress(transient=True) as progress:
                task = progress.add_task("Re-wrapping data keys", total=store.keyring.count())
                summary = store.keyring.rotate(new, progress=lambda n: progress.advance(task, n))
            store.audit.append(
                actor=operator().person.actor,
                action="keys rotate",
                details={
                    "from": summary.old_master_key_id,
                    "to": summary.new_master_key_id,
                    "rewrapped": summary.rewrapped,
                },
            )
        finally:
            store.close()
        current = settings.keys.master_key_file
        if staged is not None and current is not None:
            retired = current.with_name(f"{current.name}.retired-{summary.old_master_key_id}")
            os.replace(current, retired)
            os.replace(staged, current)
            console.print(
                f"The new key is in {current}; the old one was kept as {retired}. "
                "Destroy the old one once your backups hold the new key."
            )
        console.print(
            f"Re-wrapped {summary.rewrapped} data keys from master key "
            f"{summary.old_master_key_id} to {summary.new_master_key_id}; "
            f"{summary.shredded_skipped} shredded rounds had no key to re-wrap. "
            "No answers were changed."
        )

    run_cleanly(run)
