"""Rounds: creation with a data key, lookups by month, closing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.db import Database
from storage.errors import UnknownRound
from storage.repositories.keyring import Keyring
from storage.repositories.rounds import (
    closed_in,
    create_round,
    get_round,
    list_rounds,
    open_months,
    open_round_for,
    recall_of,
)
from surveys.questions import Recall
from tests.storage.conftest import close_with_default_keys


def test_a_round_has_its_own_data_key_and_schedule(database: Database, keyring: Keyring) -> None:
    opens = datetime(2026, 3, 2, 9, tzinfo=UTC)
    closes = datetime(2026, 3, 16, 17, tzinfo=UTC)
    with database.session() as session:
        first = create_round(
            session,
            keyring,
            period="2026-03",
            recall=Recall.THREE_MONTHS,
            opens_at=opens,
            closes_at=closes,
        )
        second = create_round(session, keyring, period="2026-04", recall=Recall.THREE_MONTHS)
    assert first.key_id != second.key_id
    with database.session() as session:
        again = get_round(session, first.id)
        assert keyring.cipher(session, first.key_id) is not None
    assert again == first
    assert again.opens_at == opens and again.closes_at == closes
    assert again.is_open and again.source == "pulse" and not again.shredded
    with pytest.raises(UnknownRound), database.session() as session:
        get_round(session, "missing")


def test_lookups_by_month_and_status(database: Database, keyring: Keyring) -> None:
    with database.session() as session:
        march = create_round(session, keyring, period="2026-03", recall=Recall.THREE_MONTHS)
        april = create_round(session, keyring, period="2026-04", recall=Recall.TWELVE_MONTHS)
        create_round(
            session,
            keyring,
            period="2026-02",
            recall=Recall.TWELVE_MONTHS,
            source="import",
            status="closed",
        )
    close_with_default_keys(database, keyring, march.id)
    with database.session() as session:
        assert [r.period for r in list_rounds(session)] == ["2026-02", "2026-03", "2026-04"]
        assert [r.id for r in closed_in(session, ["2026-03", "2026-04"])] == [march.id]
        assert open_months(session, ["2026-03", "2026-04", "2026-05"]) == {"2026-04"}
        assert open_round_for(session, "2026-04") == get_round(session, april.id)
        assert open_round_for(session, "2026-03") is None
        assert open_round_for(session, "2026-02") is None  # import rounds take no answers
        assert recall_of(session, ["2026-03"]) == {Recall.THREE_MONTHS}
        assert recall_of(session, ["2026-02", "2026-03", "2026-04"]) == set(Recall)
        assert [r.source for r in list_rounds(session, source="import")] == ["import"]
