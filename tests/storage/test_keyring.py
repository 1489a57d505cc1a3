"""Data keys: cached unwrapping, crypto-shredding, master key rotation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.errors import MasterKeyReplaced, RotationFailed, ShreddedKey, UnknownKey
from storage.keys import Secrets, generate_key
from storage.models import DataKey
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.rounds import get_round
from storage.vault import DecryptionError, Vault
from tests.storage.conftest import (
    close_with_default_keys,
    marked_payload,
    new_round,
    sender_of,
    submit_old_style,
)


def _answered_round(db: Database, keyring: Keyring, period: str, people: int) -> str:
    round_ = new_round(db, keyring, period)
    for i in range(people):
        submit_old_style(
            db,
            keyring,
            round_id=round_.id,
            token=f"{period}{i}".encode(),
            payload=marked_payload(i),
            k=11,
        )
    close_with_default_keys(db, keyring, round_.id)
    return round_.id


def test_a_fresh_keyring_unwraps_stored_keys(database: Database, vault: Vault) -> None:
    round_id = _answered_round(database, Keyring(vault), "2026-01", 3)
    fresh = Keyring(Vault(vault.secrets))
    payloads, _ = load_payloads(database, fresh, [round_id])
    assert sorted(sender_of(p) for p in payloads) == [0, 1, 2]
    with pytest.raises(UnknownKey), database.session() as session:
        fresh.cipher(session, "no-such-key")


def test_shredding_makes_a_round_unreadable_for_good(
    database: Database, keyring: Keyring, vault: Vault
) -> None:
    kept = _answered_round(database, keyring, "2026-01", 2)
    gone = _answered_round(database, keyring, "2026-02", 2)
    with database.session() as session:
        keyring.shred(session, gone)
    with database.session() as session:
        info = get_round(session, gone)
        wrapped = session.execute(
            select(DataKey.wrapped).where(DataKey.key_id == info.key_id)
        ).scalar_one()
    assert info.shredded and wrapped is None
    for ring in (keyring, Keyring(Vault(vault.secrets))):
        with pytest.raises(ShreddedKey, match="retention policy"):
            load_payloads(database, ring, [gone])
    assert len(load_payloads(database, keyring, [kept])[0]) == 2


def test_rotation_rewraps_every_live_key_and_skips_shredded_ones(
    database: Database, keyring: Keyring, secrets: Secrets
) -> None:
    ids = [_answered_round(database, keyring, f"2026-0{m}", 2) for m in (1, 2, 3)]
    with database.session() as session:
        keyring.shred(session, ids[0])
    new_vault = Vault(Secrets(master_key=generate_key(), pepper=secrets.pepper))
    summary = keyring.rotate_master_key(database, new_vault)
    assert summary.rewrapped == 2 and summary.shredded_skipped == 1
    assert summary.old_master_key_id == secrets.master_key_id
    assert summary.new_master_key_id == new_vault.secrets.master_key_id
    assert keyring.vault is new_vault
    payloads, _ = load_payloads(database, Keyring(Vault(new_vault.secrets)), ids[1:])
    assert len(payloads) == 4
    with pytest.raises(DecryptionError, match="cannot open"):
        load_payloads(database, Keyring(Vault(secrets)), ids[1:2])


def test_a_rotation_that_cannot_open_a_key_changes_nothing(
    database: Database, keyring: Keyring, secrets: Secrets
) -> None:
    round_id = _answered_round(database, keyring, "2026-01", 1)
    stranger = Keyring(Vault(Secrets(master_key=generate_key(), pepper=secrets.pepper)))
    target = Vault(Secrets(master_key=generate_key(), pepper=secrets.pepper))
    with pytest.raises((DecryptionError, RotationFailed)):
        stranger.rotate_master_key(database, target)
    assert len(load_payloads(database, Keyring(Vault(secrets)), [round_id])[0]) == 1


def test_a_process_still_on_the_retired_key_cannot_create_a_key_nobody_could_open(
    database: Database, secrets: Secrets
) -> None:
    rotating, stale = Keyring(Vault(secrets)), Keyring(Vault(secrets))  # two processes
    new_round(database, rotating, "2026-01")
    new = Secrets(master_key=generate_key(), pepper=secrets.pepper)
    rotating.rotate_master_key(database, Vault(new))
    with pytest.raises(MasterKeyReplaced, match="Restart the bot"):
        new_round(database, stale, "2026-02")
    with database.session() as session:
        ids = set(session.execute(select(DataKey.master_key_id)).scalars())
    assert ids == {new.master_key_id}  # nothing was written under the old key
    new_round(database, rotating, "2026-02")  # the process holding the new key carries on
