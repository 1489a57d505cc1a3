"""One contract for round admin, the pulse and /wres, driven through Slack (signed HTTP),
Teams (Activity JSON) and, for round admin, the command line: the same neutral outcomes
everywhere — the same audit actions, the same refusals, nothing written when refused."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.messages import NO_CLOSED_ROUNDS, AlreadyTookPart
from handlers.round_admin import CLOSED, OPENED
from storage.db import Database
from storage.keys import Secrets
from storage.store import Store
from storage.vault import Vault
from tests.cli.conftest import Cli, open_cli_store
from tests.contract.pulse_drivers import (
    ADMIN,
    EDI,
    STAFF,
    PulseDriver,
    audit_actions,
    slack_driver,
    teams_driver,
)
from tests.teams.conftest import NOT_APP_KEY

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
Opener = Callable[[Store], AbstractAsyncContextManager[PulseDriver]]
PLATFORMS = [pytest.param(slack_driver, id="slack"), pytest.param(teams_driver, id="teams")]


@pytest.fixture(params=PLATFORMS)
async def driver(request: pytest.FixtureRequest, store: Store) -> AsyncIterator[PulseDriver]:
    opener: Opener = request.param
    async with opener(store) as opened:
        yield opened


@pytest.fixture
def store(database: Database, secrets: Secrets) -> Store:
    return Store(database, Vault(secrets), k=3)


async def test_an_admin_opens_checks_and_closes_the_round_with_the_same_audit_actions(
    driver: PulseDriver,
) -> None:
    opened = await driver.admin(ADMIN, "open")
    assert "round is open" in opened
    [round_] = driver.store.rounds.list()
    assert round_.is_open and round_.period == datetime.now(UTC).strftime("%Y-%m")
    status = await driver.admin(ADMIN, "status")
    assert f"Round {round_.period} is open" in status and "Invitations:" in status
    closed = await driver.admin(ADMIN, "close")
    assert "closed" in closed and not driver.store.rounds.get(round_.id).is_open
    assert [a for a in audit_actions(driver.store) if a.startswith("round ")] == [OPENED, CLOSED]


async def test_a_non_admin_is_refused_and_nothing_is_written(driver: PulseDriver) -> None:
    for words in ("open", "close", "status"):
        said = await driver.admin(STAFF, words)
        assert "for Big Conversation admins" in said
    assert driver.store.rounds.list() == []
    assert audit_actions(driver.store) == []


async def test_a_pulse_answered_twice_is_refused_the_second_time(driver: PulseDriver) -> None:
    round_id, first, second = await driver.answer_twice()
    assert "recorded anonymously" in first  # the thank-you (Slack) or the marked card (Teams)
    assert AlreadyTookPart().text in second
    assert driver.store.submissions.count(round_id) == 1


async def test_wres_is_refused_to_anyone_outside_the_edi_team(driver: PulseDriver) -> None:
    said = await driver.wres(STAFF, "2026-03")
    assert "EDI team only" in said
    assert [a for a in audit_actions(driver.store) if a == "report"] == []
    assert driver.store.releases.stored() == []
    # The EDI team is answered (here: no closed round yet), so the refusal was the role.
    assert NO_CLOSED_ROUNDS in await driver.wres(EDI, "")


def test_the_command_line_writes_the_same_audit_actions(tmp_path: Path) -> None:
    env = {"BIGCONV_CONFIG": str(tmp_path / "bigconv.toml"), "COLUMNS": "120"}
    (tmp_path / "bigconv.toml").write_text('[database]\nurl = "sqlite:///bigconv.db"\n')
    cli = Cli(tmp_path, env)
    assert cli.run("rounds", "open")[0] == 0
    assert cli.run("rounds", "status")[0] == 0
    assert cli.run("rounds", "close")[0] == 0
    store = open_cli_store(cli)
    try:
        assert [a for a in audit_actions(store) if a.startswith("round ")] == [OPENED, CLOSED]
    finally:
        store.close()
