"""Opening the store from settings: keys, database, migrations, with loud warnings."""

from __future__ import annotations

import getpass
import socket
import sys

from rich.console import Console

from bot.config import Settings
from handlers.identity import Person, Requester, Role
from storage.keys import load_secrets
from storage.store import Store

err_console = Console(stderr=True)


def open_store(settings: Settings, *, database_url: str | None = None) -> Store:
    """Load the keys (creating them only for the embedded default) and migrate the database."""
    keys = settings.keys
    secrets, warnings = load_secrets(
        master_key_env=keys.master_key_env,
        pepper_env=keys.pepper_env,
        master_key_file=keys.master_key_file,
        pepper_file=keys.pepper_file,
        create_if_missing=not keys.production,
    )
    if keys.master_key_file is not None:
        staged = keys.master_key_file.with_name(keys.master_key_file.name + ".new")
        if staged.exists():
            warnings.append(
                f"{staged} holds a master key from a rotation that did not finish; run "
                "`bigconv keys rotate` to finish it (or to be told it can be deleted)."
            )
    for warning in warnings:
        err_console.print(f"[bold yellow]WARNING[/]: {warning}")
    url = database_url or settings.database_url
    mixing_dir = keys.mixing_key_dir
    if mixing_dir is None and not url.startswith("sqlite"):
        # Beside the configuration, not in a temporary directory a reboot may empty.
        mixing_dir = settings.base / "bigconv.mixing-keys"
    store = Store.open(url, secrets, k=settings.privacy.min_group_size, mixing_dir=mixing_dir)
    store.migrate()
    return store


def operator() -> Requester:
    """Whoever runs the command line on this machine: trusted with reports and admin work,
    because they already hold the keys."""
    try:
        user = getpass.getuser()
    except OSError:
        user = "operator"
    person = Person(platform="cli", workspace=socket.gethostname(), user_id=user)
    return Requester(person=person, roles=frozenset({Role.EDI, Role.ADMIN}))


def is_interactive() -> bool:
    return sys.stderr.isatty()
