"""The scheduler's retention run reaches backups: with a key file it shreds by a master key
rotation, so a backup taken before it cannot read the expired round even with the current
key; with an environment key it says, at ERROR level every run, what still can."""

from __future__ import annotations

import base64
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.background.retention import run_retention
from bot.background.scheduler import JobContext, configure, retention_job
from bot.settings import KeySettings, ScheduleSettings
from storage.db import Database
from storage.errors import ShreddedKey
from storage.faults import CRASH_EXIT, FAULT_ENV
from storage.keys import Secrets, generate_key, read_key_file, write_key_file
from storage.store import Store
from storage.vault import DecryptionError, Vault
from surveys.response import PulseAnswers, StaffGroup

LATER = date(2026, 11, 30)  # 24 months after 2024-10: 2024-10 is due, 2025-06 is kept
NO_ENV = "BIGCONV_TEST_NO_MASTER_KEY_HERE"


def _load(store: Store) -> dict[str, str]:
    answer = PulseAnswers("01", StaffGroup.SUBSTANTIVE, {"q14a": 2})
    store.import_responses([("2024-10", answer)] * 3 + [("2025-06", answer)] * 4)
    return {r.period: r.id for r in store.rounds.list()}


def _key_file(tmp_path: Path, secrets: Secrets) -> KeySettings:
    path = tmp_path / "keys" / "bigconv.key"
    path.parent.mkdir()
    write_key_file(path, secrets.master_key)
    return KeySettings(master_key_env=NO_ENV, master_key_file=path, pepper_file=None)


def _back_up(database: Database, tmp_path: Path) -> Path | dict[str, tuple[bytes, str]]:
    """A file copy of SQLite (the backup API, WAL included); PostgreSQL's wrapped keys."""
    if database.engine.dialect.name == "sqlite":
        copy = tmp_path / "backup" / "bigconv.db"
        copy.parent.mkdir()
        source = database.engine.url.database
        assert source is not None
        with sqlite3.connect(source) as live, sqlite3.connect(copy) as backup:
            live.backup(backup)
        return copy
    with database.reader() as conn:
        rows = conn.execute(text("SELECT key_id, wrapped, master_key_id FROM data_keys")).all()
    return {r[0]: (bytes(r[1]), r[2]) for r in rows if r[1] is not None}


def _backup_reads(
    backup: Path | dict[str, tuple[bytes, str]], secrets: Secrets, round_id: str
) -> int:
    if isinstance(backup, Path):
        old = Store(Database.connect(f"sqlite:///{backup}"), Vault(secrets))
        try:
            return len(old.responses.load_payloads([round_id])[0])
        finally:
            old.close()
    wrapped, master_key_id = backup[f"round-{round_id}"]
    Vault(secrets).unwrap(f"round-{round_id}", wrapped, master_key_id)
    return -1  # the data key opened: every answer of the round with it


def test_with_a_key_file_a_backup_taken_before_retention_cannot_read_the_expired_round(
    database: Database, secrets: Secrets, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(database, Vault(secrets))
    rounds = _load(store)
    keys = _key_file(tmp_path, secrets)
    backup = _back_up(database, tmp_path)
    assert _backup_reads(backup, secrets, rounds["2024-10"]) != 0  # the old key reads it
    audited = store.audit.count()
    outcome = run_retention(store, keys, today=LATER, months=24)
    assert outcome.shredded == ["2024-10"] and outcome.error is None
    assert keys.master_key_file is not None
    new = Secrets(master_key=read_key_file(keys.master_key_file), pepper=secrets.pepper)
    assert new.master_key_id == outcome.new_master_key_id != secrets.master_key_id
    assert sorted(p.name for p in keys.master_key_file.parent.iterdir()) == ["bigconv.key"]
    with pytest.raises(DecryptionError):  # the backup's copy of the round needs the old key
        _backup_reads(backup, new, rounds["2024-10"])
    with pytest.raises(DecryptionError):  # and so does every other round in that backup
        _backup_reads(backup, new, rounds["2025-06"])
    reopened = Store(database, Vault(new))  # the live database, as after a restart
    assert len(reopened.responses.load_payloads([rounds["2025-06"]])[0]) == 4
    with pytest.raises(ShreddedKey):
        reopened.responses.load_payloads([rounds["2024-10"]])
    assert len(store.responses.load_payloads([rounds["2025-06"]])[0]) == 4  # the running bot
    assert store.shreds_backups_still_open() == []
    again = run_retention(store, keys, today=LATER, months=24)
    assert again.shredded == [] and again.new_master_key_id is None
    assert read_key_file(keys.master_key_file) == new.master_key  # nothing due: no rotation
    assert store.audit.count() == audited + 1 and store.audit.verify() == []


def _env_context(store: Store, secrets: Secrets, monkeypatch: pytest.MonkeyPatch) -> JobContext:
    monkeypatch.setenv("BIGCONV_MASTER_KEY", base64.b64encode(secrets.master_key).decode())
    keys = KeySettings(master_key_file=None, pepper_file=None)
    return JobContext(store=store, schedule=ScheduleSettings(), keys=keys)


async def test_with_an_environment_key_every_run_says_at_error_what_backups_still_read(
    database: Database,
    secrets: Secrets,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = Store(database, Vault(secrets))
    rounds = _load(store)
    backup = _back_up(database, tmp_path)
    context = _env_context(store, secrets, monkeypatch)
    configure(context)
    monkeypatch.setattr("bot.background.scheduler.datetime", _Frozen)
    for _ in range(2):  # the shred runs once; the error comes every run
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="bigconv.scheduler"):
            await retention_job()
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1
        assert "2024-10" in errors[0] and "`bigconv keys rotate`" in errors[0]
        assert "BIGCONV_MASTER_KEY" in errors[0]
    with pytest.raises(ShreddedKey):  # shredded in the live database, as promised
        store.responses.load_payloads([rounds["2024-10"]])
    assert store.keyring.secrets == secrets  # the key was not replaced behind anyone's back
    assert _backup_reads(backup, secrets, rounds["2024-10"]) != 0  # what the error warns of
    # After the operator's `keys rotate`, the warning stops.
    store.keyring.rotate(Secrets(master_key=generate_key(), pepper=secrets.pepper))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bigconv.scheduler"):
        await retention_job()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


class _Frozen(datetime):
    @classmethod
    def now(cls, tz: object = None) -> _Frozen:
        return cls(LATER.year, LATER.month, LATER.day, 3, 30, tzinfo=UTC)


CRASHING_RUN = """
import sys
from datetime import date
from pathlib import Path
from bot.settings import KeySettings
from bot.background.retention import run_retention
from storage.keys import Secrets, read_key_file
from storage.store import Store
url, key_file, pepper = sys.argv[1], Path(sys.argv[2]), bytes.fromhex(sys.argv[3])
store = Store.open(url, Secrets(master_key=read_key_file(key_file), pepper=pepper))
keys = KeySettings(master_key_env="BIGCONV_TEST_NO_MASTER_KEY_HERE", master_key_file=key_file)
run_retention(store, keys, today=date(2026, 11, 30), months=24)
"""


def test_a_crash_between_staging_and_commit_leaves_the_old_key_working(
    database: Database, database_url: str, secrets: Secrets, tmp_path: Path
) -> None:
    store = Store(database, Vault(secrets))
    rounds = _load(store)
    keys = _key_file(tmp_path, secrets)
    assert keys.master_key_file is not None
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_RUN,
            database_url,
            str(keys.master_key_file),
            secrets.pepper.hex(),
        ],
        env={**_environ(), FAULT_ENV: "rotate-before-commit"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    assert read_key_file(keys.master_key_file) == secrets.master_key
    fresh = Store(database, Vault(secrets))  # the old key still opens every round
    assert len(fresh.responses.load_payloads(rounds.values())[0]) == 7
    # The next run refuses to guess about the leftover staged key, says so, changes nothing.
    outcome = run_retention(fresh, keys, today=LATER, months=24)
    assert outcome.shredded == [] and outcome.error is not None
    assert "never committed" in outcome.error and "bigconv.key.new" in outcome.error
    assert len(fresh.responses.load_payloads(rounds.values())[0]) == 7
    (keys.master_key_file.parent / "bigconv.key.new").unlink()  # as the error says
    assert run_retention(fresh, keys, today=LATER, months=24).shredded == ["2024-10"]


def _environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "BIGCONV_MASTER_KEY"}


def test_a_crash_after_the_commit_leaves_the_new_key_staged_and_the_next_run_moves_it(
    database: Database, database_url: str, secrets: Secrets, tmp_path: Path
) -> None:
    store = Store(database, Vault(secrets))
    rounds = _load(store)
    keys = _key_file(tmp_path, secrets)
    assert keys.master_key_file is not None
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_RUN,
            database_url,
            str(keys.master_key_file),
            secrets.pepper.hex(),
        ],
        env={**_environ(), FAULT_ENV: "rotate-after-commit"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    staged = keys.master_key_file.parent / "bigconv.key.new"
    new = Secrets(master_key=read_key_file(staged), pepper=secrets.pepper)
    restarted = Store(database, Vault(secrets))  # a bot restarted on the old key file
    outcome = run_retention(restarted, keys, today=LATER, months=24)
    assert outcome.error is not None and "Restart the bot" in outcome.error
    assert read_key_file(keys.master_key_file) == new.master_key and not staged.exists()
    fresh = Store(database, Vault(new))
    assert len(fresh.responses.load_payloads([rounds["2025-06"]])[0]) == 4
    with pytest.raises(ShreddedKey):
        fresh.responses.load_payloads([rounds["2024-10"]])


def test_shreds_made_before_this_release_are_carried_to_backups_by_the_next_run(
    database: Database, secrets: Secrets, tmp_path: Path
) -> None:
    store = Store(database, Vault(secrets))
    _load(store)
    assert store.shred_expired(today=LATER, months=24) == ["2024-10"]  # live only
    assert store.shreds_backups_still_open() == ["2024-10"]
    keys = _key_file(tmp_path, secrets)
    outcome = run_retention(store, keys, today=LATER, months=24)
    assert outcome.shredded == [] and outcome.new_master_key_id is not None
    assert store.shreds_backups_still_open() == []
