"""`bigconv keys init|rotate|shred`: the master key and the HMAC pepper."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands import key_rotation
from bot.commands.common import settings_of
from bot.commands.key_rotation import Plan
from bot.settings import Settings
from bot.store_opening import open_store
from bot.terminal.errors import run_cleanly
from storage.errors import RoundStillOpen
from storage.keys import KeyConfigError, generate_key, write_key_file
from storage.repositories.keyring import RotationSummary
from storage.repositories.rounds import RoundInfo

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
    if keys.mixing_key_dir is not None:
        keys.mixing_key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        keys.mixing_key_dir.chmod(0o700)
        console.print(
            f"The mixing key directory is {keys.mixing_key_dir} (owner only). Do not back it "
            "up: its keys exist only while a round is open (see the README)."
        )


def _confirm(text: str) -> str:
    try:
        return str(typer.prompt(text, hide_input=True))
    except typer.Abort:
        raise KeyConfigError(
            "No key was typed back, so nothing was changed; the old key still works. Run "
            "again at a terminal, or pass --new-key-file with a key you have stored."
        ) from None


NewKeyFile = Annotated[
    Path | None,
    typer.Option(
        help="A file holding the new master key (base64, mode 0600). Without it a new key is "
        "generated: it replaces the key file, or is shown once when the key comes from the "
        "environment."
    ),
]
KeepOld = Annotated[
    Path | None,
    typer.Option(
        help="Keep a copy of the old master key in this new file. Backups taken before now "
        "stay readable with it, shredded rounds included: destroy it when you can."
    ),
]


def _report(summary: RotationSummary | None) -> None:
    if summary is None:
        return
    console.print(
        f"Re-wrapped {summary.rewrapped} data keys from master key "
        f"{summary.old_master_key_id} to {summary.new_master_key_id}; "
        f"{summary.shredded_skipped} shredded rounds had no key to re-wrap. "
        "No answers were changed. The old master key was retired: backups taken before now "
        "can no longer be opened with the new one."
    )


@app.command("rotate")
def rotate(ctx: typer.Context, new_key_file: NewKeyFile = None, keep_old: KeepOld = None) -> None:
    """Re-wrap every data key under a new master key and retire the old one (after a
    compromise, or to make earlier shreds reach old backups). Answers are not touched."""
    settings = settings_of(ctx)
    plan = Plan(new_key_file, keep_old, (), _confirm)
    run_cleanly(lambda: _report(key_rotation.rotate(settings, plan)))


@app.command("shred")
def shred(
    ctx: typer.Context,
    round_ref: Annotated[str, typer.Argument(metavar="ROUND", help="Round id or month YYYY-MM")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
    new_key_file: NewKeyFile = None,
    keep_old: KeepOld = None,
) -> None:
    """Destroy a closed round's answers for good, backups included: its data key is
    destroyed and every other data key moves to a new master key."""
    settings = settings_of(ctx)

    def run() -> None:
        round_ = _closed_round(settings, round_ref)
        if not yes and not typer.confirm(
            f"Shred the {round_.period} round? Its answers can then never be read again, from "
            "this database or any backup, and a new master key replaces the current one.",
            default=False,
        ):
            console.print("Nothing was changed.")
            return
        plan = Plan(new_key_file, keep_old, (round_.id,), _confirm)
        summary = key_rotation.rotate(settings, plan)
        if summary is None:  # an interrupted rotation had to be finished first
            console.print(f"Nothing was shredded yet: run `bigconv keys shred {round_ref}` again.")
            return
        console.print(f"Shredded the {round_.period} round.")
        _report(summary)

    run_cleanly(run)


def _closed_round(settings: Settings, ref: str) -> RoundInfo:
    store = open_store(settings)
    try:
        rounds = [r for r in store.rounds.list() if ref in (r.id, r.period)]
    finally:
        store.close()
    if not rounds:
        raise KeyConfigError(f"There is no round {ref}; `bigconv rounds status` lists them.")
    if len(rounds) > 1:
        raise KeyConfigError(f"Several rounds match {ref}; give the round id instead.")
    if rounds[0].is_open:
        raise RoundStillOpen(rounds[0].id)
    if rounds[0].shredded:
        raise KeyConfigError(f"The {rounds[0].period} round was already shredded.")
    return rounds[0]
