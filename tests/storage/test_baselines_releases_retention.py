"""Baselines and retention (the release history has tests of its own)."""

from __future__ import annotations

from datetime import date

import pytest

from storage.db import Database
from storage.errors import ShreddedKey
from storage.repositories import baselines
from storage.repositories.keyring import Keyring
from storage.repositories.responses import insert_imported, load_payloads
from storage.repositories.retention import cutoff_month, shred_rounds_older_than
from storage.repositories.rounds import list_rounds
from storage.repositories.submissions import has_participated
from surveys.report_model import BaselineFigure, Indicator
from tests.storage.conftest import (
    close_with_default_keys,
    marked_payload,
    new_round,
    submit_old_style,
)


def _figure(year: int, percent: float, group: str = "all") -> BaselineFigure:
    return BaselineFigure(year, Indicator("wres5"), "all", group, percent, 120)


def test_baselines_upsert_and_pick_the_latest_year(database: Database) -> None:
    with database.session() as session:
        assert baselines.upsert(session, [_figure(2023, 20.0), _figure(2024, 25.0)]) == 2
        assert baselines.upsert(session, [_figure(2024, 26.5), _figure(2024, 30.0, "bme")]) == 2
    with database.session() as session:
        assert baselines.latest_year_up_to(session, 2025) == 2024
        assert baselines.latest_year_up_to(session, 2023) == 2023
        assert baselines.latest_year_up_to(session, 2022) is None
        figures = baselines.for_year(session, 2024)
    assert {(f.ethnic_group, f.percent) for f in figures} == {("all", 26.5), ("bme", 30.0)}
    assert all(f.indicator is Indicator.WRES5 for f in figures)


def test_cutoff_month() -> None:
    assert cutoff_month(date(2026, 1, 15), 24) == "2024-01"
    assert cutoff_month(date(2026, 12, 1), 1) == "2026-11"


def test_retention_shreds_closed_rounds_past_the_limit(
    database: Database, keyring: Keyring
) -> None:
    with database.session() as session:
        insert_imported(
            session, keyring, [(m, marked_payload(1)) for m in ("2023-12", "2024-01", "2025-06")]
        )
    still_open = new_round(database, keyring, "2023-11")
    old_pulse = new_round(database, keyring, "2023-10")
    submit_old_style(
        database, keyring, round_id=old_pulse.id, token=b"t", payload=marked_payload(2), k=11
    )
    close_with_default_keys(database, keyring, old_pulse.id)
    shredded = shred_rounds_older_than(database, keyring, today=date(2026, 1, 15))
    assert shredded == ["2023-10", "2023-12"]
    assert shred_rounds_older_than(database, keyring, today=date(2026, 1, 15)) == []
    with database.session() as session:
        rounds = {r.period: r for r in list_rounds(session)}
    assert rounds["2023-12"].shredded and not rounds["2024-01"].shredded
    with database.session() as session:
        assert not has_participated(session, b"t")  # tokens of shredded rounds are gone
    assert not rounds[still_open.period].shredded
    with pytest.raises(ShreddedKey):
        load_payloads(database, keyring, [rounds["2023-12"].id])
    assert len(load_payloads(database, keyring, [rounds["2024-01"].id])[0]) == 1
