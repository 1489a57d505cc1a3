"""`/wres` in chat: parsing, the EDI role, refusals that say why, files, and the audit."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.demo.local_round import run_round
from bot.demo.population import build_trust
from handlers.identity import Person, Requester, Role
from handlers.messages import Refusal, ReportSummary
from handlers.report_chat import UsageError, parse_wres_text, wres_command
from handlers.reports import ReportPolicy
from storage.keys import Secrets
from storage.store import Store

TODAY = date(2026, 7, 10)
NOW = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)
POLICY = ReportPolicy(min_group_size=11, trend_periods=3)
EDI = Requester(Person("slack", "T1", "UEDI"), roles=frozenset({Role.EDI}))
STAFF = Requester(Person("slack", "T1", "USTAFF"), roles=frozenset({Role.STAFF}))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from storage.keys import generate_key

    path: Path = tmp_path_factory.mktemp("wres") / "wres.db"
    opened = Store.open(f"sqlite:///{path}", Secrets(generate_key(), generate_key()))
    opened.migrate()
    trust = build_trust(600, seed=7)
    rng = random.Random(7)
    for month in ("2026-05", "2026-06"):
        run_round(opened, month=month, trust=trust, rng=rng)
    yield opened
    opened.close()


def test_the_text_is_period_and_staff_group_in_either_order() -> None:
    assert parse_wres_text("", default_period="2026-06") == ("2026-06", "all")
    assert parse_wres_text("bank 2026-q2", default_period=None) == ("2026-Q2", "bank")
    assert parse_wres_text("fy2025/26", default_period=None) == ("FY2025/26", "all")
    for bad in ("please", "2026-05 2026-06", "bank nurses"):
        with pytest.raises(UsageError):
            parse_wres_text(bad, default_period="2026-06")


def test_edi_gets_the_latest_closed_month_with_html_and_xlsx(store: Store) -> None:
    before = store.audit.count()
    result = wres_command(store, requester=EDI, text="", policy=POLICY, today=TODAY, now=NOW)
    assert isinstance(result, ReportSummary)
    assert result.report.period == "2026-06"
    names = [name for name, _ in result.files]
    assert names == ["wres-2026-06-all.html", "wres-2026-06-all.xlsx"]
    html, xlsx = (content for _, content in result.files)
    assert html.startswith(b"<!DOCTYPE html") or b"<html" in html[:200]
    assert xlsx[:2] == b"PK"  # a zip container
    assert store.audit.count() == before + 1


def test_anyone_else_is_refused_politely_and_it_is_audited(store: Store) -> None:
    before = store.audit.count()
    for text in ("2026-06", "gibberish words"):
        result = wres_command(
            store, requester=STAFF, text=text, policy=POLICY, today=TODAY, now=NOW
        )
        assert isinstance(result, Refusal) and "EDI team only" in result.text
    assert store.audit.count() == before + 2


def test_bad_text_and_future_periods_say_what_to_type(store: Store) -> None:
    usage = wres_command(
        store, requester=EDI, text="latest please", policy=POLICY, today=TODAY, now=NOW
    )
    assert isinstance(usage, Refusal) and usage.text.startswith("Usage: /wres")
    future = wres_command(store, requester=EDI, text="2027-01", policy=POLICY, today=TODAY, now=NOW)
    assert isinstance(future, Refusal)
    none_yet = wres_command(
        store, requester=EDI, text="2026-07", policy=POLICY, today=TODAY, now=NOW
    )
    assert isinstance(none_yet, Refusal) and "no closed pulse results" in none_yet.text
