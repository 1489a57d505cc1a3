"""A shred reaches backups taken before it; sealed values have one length per kind; the
SQLite files are the owner's alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from storage.db import Database
from storage.errors import RoundStillOpen
from storage.keys import Secrets, generate_key
from storage.mixing import MixingKeys
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.roster import remember_profile, upsert_staff
from storage.vault import DecryptionError, Vault
from tests.storage.conftest import marked_payload, new_round, submit


def _closed_round(db: Database, keyring: Keyring, mixing: MixingKeys, period: str) -> str:
    round_ = new_round(db, keyring, period)
    for i in range(3):
        submit(db, keyring, mixing, round_.id, f"{period}{i}".encode(), marked_payload(i))
    close_round(db, keyring, mixing, round_.id)
    return round_.id


def _backup_of_data_keys(db: Database) -> dict[str, tuple[bytes, str]]:
    with db.reader() as conn:
        rows = conn.execute(text("SELECT key_id, wrapped, master_key_id FROM data_keys")).all()
    return {r[0]: (bytes(r[1]), r[2]) for r in rows if r[1] is not None}


def test_a_backup_taken_before_a_shred_cannot_open_the_shredded_round(
    database: Database, keyring: Keyring, secrets: Secrets, mixing: MixingKeys
) -> None:
    shredded = _closed_round(database, keyring, mixing, "2026-01")
    kept = _closed_round(database, keyring, mixing, "2026-02")
    backup = _backup_of_data_keys(database)  # what a backup of the database holds
    new = Secrets(master_key=generate_key(), pepper=secrets.pepper)
    keyring.rotate_master_key(database, Vault(new), shred_round_ids=[shredded])
    # Only the new master key is left; it opens nothing in the old backup.
    wrapped, master_id = backup[f"round-{shredded}"]
    with pytest.raises(DecryptionError):
        Vault(new).unwrap(f"round-{shredded}", wrapped, master_id)
    with pytest.raises(DecryptionError):
        Vault(new).unwrap(f"round-{shredded}", wrapped, new.master_key_id)
    # The live database: the shredded round is gone, the other opens with the new key.
    fresh = Keyring(Vault(new))
    payloads, _ = load_payloads(database, fresh, [kept])
    assert len(payloads) == 3
    with database.reader() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM participation WHERE round_id = :r"), {"r": shredded}
        ).scalar()
        assert left == 0
        assert (
            conn.execute(
                text("SELECT wrapped FROM data_keys WHERE key_id = :k"), {"k": f"round-{shredded}"}
            ).scalar()
            is None
        )


def test_an_open_round_cannot_be_shredded(
    database: Database, keyring: Keyring, secrets: Secrets, mixing: MixingKeys
) -> None:
    round_ = new_round(database, keyring)
    submit(database, keyring, mixing, round_.id, b"t", marked_payload(1))
    new = Secrets(master_key=generate_key(), pepper=secrets.pepper)
    with pytest.raises(RoundStillOpen, match="still open"):
        keyring.rotate_master_key(database, Vault(new), shred_round_ids=[round_.id])
    assert keyring.vault.secrets == secrets  # nothing changed, the old key still rules


def test_profiles_and_mixed_answers_have_one_length_whatever_they_hold(
    database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    vault = keyring.vault
    with database.session() as session:
        for i, group in enumerate(("bank", "agency", "substantive")):
            staff = upsert_staff(session, vault, platform="slack", workspace="T", user_id=f"U{i}")
            profile = f'{{"ethnicity": "0{i + 1}", "staff_group": "{group}"}}'.encode()
            remember_profile(session, keyring, staff.id, profile)
    round_ = new_round(database, keyring)
    submit(database, keyring, mixing, round_.id, b"a", marked_payload(1))
    with database.reader() as conn:
        profiles = conn.execute(text("SELECT length(profile_ciphertext) FROM staff")).scalars()
        mixed = conn.execute(text("SELECT length(ciphertext) FROM mixed_answers")).scalars()
        assert len(set(profiles)) == 1 and len(set(mixed)) == 1


def test_sqlite_files_are_created_for_the_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        url = f"sqlite:///{tmp_path / 'private.db'}"
        db = Database.connect(url)
        db.migrate()
        with db.session() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
        path = Path(make_url(url).database or "")
        files = [p for p in tmp_path.glob("private.db*") if p.is_file()]
        assert path in files and len(files) >= 2  # the database and its -wal at least
        for found in files:
            assert stat.S_IMODE(found.stat().st_mode) == 0o600, found
        db.close()
    finally:
        os.umask(old)
