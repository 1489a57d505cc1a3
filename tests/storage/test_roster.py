"""The delivery roster, remembered profiles, and what a person can see and erase."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.errors import UnknownStaff
from storage.repositories.keyring import Keyring
from storage.repositories.roster import (
    audience,
    find_staff,
    forget_me,
    forget_profile,
    my_data,
    profile_of,
    remember_profile,
    set_active,
    set_delivery,
    set_opted_out,
    upsert_staff,
)
from storage.vault import Vault
from tests.storage.conftest import (
    close_with_default_keys,
    marked_payload,
    new_round,
    submit_old_style,
)

WHO: dict[str, Any] = {"platform": "slack", "workspace": "T1", "user_id": "U123"}


def test_people_are_found_by_a_keyed_lookup_not_their_id(database: Database, vault: Vault) -> None:
    with database.session() as session:
        added = upsert_staff(session, vault, **WHO, delivery={"channel": "D1"})
        again = upsert_staff(session, vault, **WHO, delivery={"channel": "D2"})
        other = upsert_staff(session, vault, platform="teams", workspace="T1", user_id="U123")
    assert added.id == again.id != other.id
    with database.session() as session:
        found = find_staff(session, vault, **WHO)
        stored = session.execute(text("SELECT * FROM staff")).all()
    assert found is not None and found.delivery == {"channel": "D2"}
    assert not any("U123" in str(value) for row in stored for value in row)
    with database.session() as session:
        assert find_staff(session, vault, **{**WHO, "user_id": "U999"}) is None


def test_the_audience_is_active_people_who_did_not_opt_out(
    database: Database, vault: Vault
) -> None:
    with database.session() as session:
        ids = [
            upsert_staff(session, vault, platform="slack", workspace="T1", user_id=f"U{i}").id
            for i in range(4)
        ]
        set_opted_out(session, ids[0], True)
        set_active(session, ids[1], False)
        set_delivery(session, ids[2], {"channel": "D9"})
        upsert_staff(session, vault, platform="teams", workspace="X", user_id="U9")
    with database.session() as session:
        slack = audience(session, platform="slack")
        assert {s.id for s in slack} == {ids[2], ids[3]}
        assert len(audience(session)) == 3
        set_opted_out(session, ids[0], False)
        assert len(audience(session, workspace="T1")) == 3
        with pytest.raises(UnknownStaff):
            set_opted_out(session, "nobody", True)


def test_a_profile_is_sealed_and_erasable(database: Database, keyring: Keyring) -> None:
    with database.session() as session:
        staff = upsert_staff(session, keyring.vault, **WHO)
        assert profile_of(session, keyring, staff.id) is None
        remember_profile(session, keyring, staff.id, b"\x0b\x01")
        stored = session.execute(text("SELECT profile_ciphertext FROM staff")).scalar_one()
    assert b"\x0b\x01" not in bytes(stored)
    with database.session() as session:
        assert profile_of(session, Keyring(Vault(keyring.vault.secrets)), staff.id) == b"\x0b\x01"
    forget_profile(database, staff.id)
    with database.session() as session:
        assert profile_of(session, keyring, staff.id) is None
        assert find_staff(session, keyring.vault, **WHO) is not None


def test_my_data_lists_rounds_taken_part_in_and_forget_me_erases_the_entry(
    database: Database, keyring: Keyring
) -> None:
    vault = keyring.vault
    taken = [new_round(database, keyring, month) for month in ("2026-01", "2026-02")]
    skipped = new_round(database, keyring, "2026-03")
    with database.session() as session:
        staff = upsert_staff(session, vault, **WHO)
        remember_profile(session, keyring, staff.id, b"profile")
    for i, round_ in enumerate(taken):
        token = vault.participation_token("slack", "T1", "U123", round_.id)
        submit_old_style(
            database, keyring, round_id=round_.id, token=token, payload=marked_payload(i), k=11
        )
        close_with_default_keys(database, keyring, round_.id)
    submit_old_style(
        database,
        keyring,
        round_id=skipped.id,
        token=b"someone else",
        payload=marked_payload(9),
        k=11,
    )
    with database.session() as session:
        mine = my_data(session, keyring, **WHO)
    assert mine.entry is not None and mine.entry.id == staff.id
    assert mine.profile == b"profile"
    assert mine.rounds_taken_part == ("2026-01", "2026-02")
    assert forget_me(database, vault, **WHO)
    assert not forget_me(database, vault, **WHO)
    with database.session() as session:
        after = my_data(session, keyring, **WHO)
    # Participation stays (it stops a second answer) but says nothing about the person.
    assert after.entry is None and after.profile is None
    assert after.rounds_taken_part == ("2026-01", "2026-02")
