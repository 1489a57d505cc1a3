"""Logs hold no user ids, tokens or answers at any level (docs/privacy.md#logs), even with SQL
echo switched on and a failing statement in the middle."""

from __future__ import annotations

import logging

import pytest

from handlers.identity import Person
from handlers.submission import Outcome, RawAnswers, submit_pulse
from storage.db import Database
from storage.keys import Secrets
from storage.repositories.roster import upsert_staff
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall

MARKER = "ZQXLOGMARK"


def test_nothing_identifying_reaches_the_logs(
    database: Database, secrets: Secrets, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # SQL echo on
    store = Store(database, Vault(secrets), k=3)
    with database.session() as session:  # the roster must hold user ids to deliver DMs
        for i in range(5):
            upsert_staff(
                session,
                store.vault,
                platform="slack",
                workspace="T1",
                user_id=f"{MARKER}-U{i}",
                delivery={"user": f"{MARKER}-U{i}"},
            )
    round_ = store.rounds.create(period="2026-03", recall=Recall.TWELVE_MONTHS)
    raw = RawAnswers(
        ethnicity="14", staff_group="bank", answers={"q14a": 3, "q16b": 1}, grounds=frozenset({1})
    )
    for i in range(5):
        person = Person("slack", "T1", f"{MARKER}-U{i}")
        assert submit_pulse(store, person=person, round_id=round_.id, raw=raw).outcome is (
            Outcome.RECORDED
        )
    again = submit_pulse(
        store, person=Person("slack", "T1", f"{MARKER}-U0"), round_id=round_.id, raw=raw
    )  # an IntegrityError underneath
    assert again.outcome is Outcome.ALREADY_TOOK_PART
    store.rounds.close(round_.id)
    payloads, _ = store.responses.load_payloads([round_.id])
    assert len(payloads) == 5
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "INSERT INTO participation" in logged  # the echo really was on
    token = store.vault.participation_token("slack", "T1", f"{MARKER}-U0", round_.id)
    for secret in (MARKER, token.hex(), repr(token), payloads[0].hex()):
        assert secret not in logged
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
