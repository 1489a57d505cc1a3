"""Opening the store from settings: keys, database, migrations, with loud warnings."""

from __future__ import annotations

import getpass
import socket
from pathlib import Path

from rich.console import Console

from bot.settings import ConfigError, Settings
from handlers.identity import Person, Requester, Role
from storage.keys import load_secrets
from storage.store import Store

err_console = Console(stderr=True)


DEMO_DATABASE = Path("bigconv-demo.db")
DEMO_CONFIG = Path("bigconv-demo.toml")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    head = "sqlite:///"
    if not url.startswith(head) or url[len(head) :] in ("", ":memory:"):
        return None
    return Path(url[len(head) :])


def _require_existing(url: str) -> None:
    """Commands that only read refuse to conjure an empty database (and keys) out of
    whatever folder they were run in."""
    path = sqlite_file(url)
    if path is None or path.exists():
        return
    hint = ""
    if DEMO_DATABASE.exists() and DEMO_CONFIG.exists():
        hint = (
            f" The demo keeps its own database, {DEMO_DATABASE}: add "
            f"`--config {DEMO_CONFIG}` to look at it (e.g. `bigconv --config {DEMO_CONFIG} "
            "report --period ...`)."
        )
    raise ConfigError(
        f"There is no database at {path} yet, so there is nothing to show. Run this in the "
        "folder of your bigconv.toml, or give --config." + hint
    )


def open_store(
    settings: Settings,
    *,
    database_url: str | None = None,
    existing: bool = False,
    audit_anchor: Path | None = None,
) -> Store:
    """Load the keys (creating them only for the embedded default) and migrate the database.

    `existing`: for commands that only look; a missing SQLite file or key is an error
    rather than something to create. `audit_anchor` overrides the configured anchor file
    (the demo keeps one beside its own database)."""
    keys = settings.keys
    url = database_url or settings.database_url
    if existing:
        _require_existing(url)
    secrets, warnings = load_secrets(
        master_key_env=keys.master_key_env,
        pepper_env=keys.pepper_env,
        master_key_file=keys.master_key_file,
        pepper_file=keys.pepper_file,
        create_if_missing=not keys.production and not existing,
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
    anchor = audit_anchor if database_url else settings.audit_anchor
    store = Store.open(
        url,
        secrets,
        k=settings.privacy.min_group_size,
        mixing_dir=mixing_dir,
        audit_anchor=anchor,
    )
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
