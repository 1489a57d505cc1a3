"""What `bigconv config check` looks at beyond the file: can the database be reached, and
are the secrets the configuration names really in the environment?"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.settings.display import mask_secret
from bot.settings.model import Settings

CONNECT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    what: str


def _sqlite_file(url: str) -> Path | None:
    head = "sqlite:///"
    rest = url[len(head) :] if url.startswith(head) else ""
    return Path(rest) if rest not in ("", ":memory:") else None


def check_database(url: str) -> Check:
    """Connect and run SELECT 1 within a few seconds; never create a SQLite file."""
    from sqlalchemy import create_engine, text  # only when a check is asked for

    file = _sqlite_file(url)
    if url.startswith("sqlite") and file is not None and not file.exists():
        if file.parent.is_dir() and os.access(file.parent, os.W_OK):
            return Check(True, f"database: {file} does not exist yet; the first run creates it")
        return Check(False, f"database: {file} does not exist and its folder cannot be written")
    if url.startswith("sqlite"):
        target = f"sqlite:///file:{file}?mode=ro&uri=true" if file is not None else url
        options: dict[str, object] = {"timeout": CONNECT_TIMEOUT_SECONDS}
    else:
        target, options = url, {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    engine = create_engine(target, connect_args=options)
    started = time.monotonic()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
    except Exception as exc:  # any driver's failure is the answer, not a crash
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check(False, f"database: cannot be reached ({reason[:200]})")
    finally:
        engine.dispose()
    elapsed = (time.monotonic() - started) * 1000
    return Check(True, f"database: reachable ({engine.dialect.name}, SELECT 1 in {elapsed:.0f} ms)")


def _named_secrets(settings: Settings) -> dict[str, str]:
    needed: dict[str, str] = {}
    if settings.slack.enabled:
        needed.update(settings.slack.secrets_needed())
    if settings.teams.enabled:
        needed.update(settings.teams.secrets_needed())
    return needed


def check_secrets(settings: Settings, environ: Mapping[str, str]) -> list[Check]:
    """Each environment variable the enabled platforms read, set or not (value masked)."""
    checks = []
    for name, what in _named_secrets(settings).items():
        value = environ.get(name, "").strip()
        if value:
            checks.append(Check(True, f"{name} is set ({what}: {mask_secret(value)})"))
        else:
            checks.append(Check(False, f"{name} is not set ({what})"))
    return checks


def check_keys(settings: Settings, environ: Mapping[str, str]) -> list[Check]:
    """The master key and pepper: from the environment or a key file; production never
    creates one, so there it must already exist."""
    keys = settings.keys
    checks = []
    for what, env, file in (
        ("master key", keys.master_key_env, keys.master_key_file),
        ("pepper", keys.pepper_env, keys.pepper_file),
    ):
        if environ.get(env, "").strip():
            checks.append(Check(True, f"{what}: from {env}"))
        elif file is None:
            checks.append(Check(False, f"{what}: set {env} (no key file is configured)"))
        elif file.exists():
            checks.append(Check(True, f"{what}: from {file}"))
        elif keys.production:
            checks.append(Check(False, f"{what}: set {env} or create {file} (production)"))
        else:
            checks.append(Check(True, f"{what}: none yet; the first run creates {file}"))
    return checks


def all_checks(settings: Settings, environ: Mapping[str, str] | None = None) -> list[Check]:
    env = os.environ if environ is None else environ
    database = check_database(settings.database_url)
    return [database, *check_keys(settings, env), *check_secrets(settings, env)]
