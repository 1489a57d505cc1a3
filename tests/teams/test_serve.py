"""`bigconv serve` for a Teams-only trust: no Slack tokens, /api/messages on the same
server as /healthz, Bot Service tokens required unless anonymous access is asked for,
and the leader's worker delivering invitations through the TeamsPort."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.background import scheduler
from bot.commands.serve import run
from bot.settings import ConfigError, Settings, settings_from_mapping
from bot.store_opening import open_store
from bot.teams.wiring import ANONYMOUS_WARNING
from handlers.discussion.post_due import PostingRun
from handlers.pulse_rounds import open_round
from standins.teams import TeamsStandIn
from surveys.questions import Recall
from tests.slack.conftest import eventually
from tests.teams.conftest import NOT_APP_KEY

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
ENTRA = {"TEST_TEAMS_ID": "11111111-2222-3333-4444-555555555555", "TEST_TEAMS_SECRET": "s3cret",
         "TEST_TEAMS_TENANT": "99999999-8888-7777-6666-555555555555"}  # fmt: skip


def teams_only(tmp_path: Path, **teams: Any) -> Settings:
    return settings_from_mapping(
        {
            "database": {"url": f"sqlite:///{tmp_path / 'serve.db'}"},
            "server": {"host": "127.0.0.1", "port": 0},
            "slack": {"enabled": False},  # and no Slack tokens in the environment
            "teams": {
                "enabled": True,
                "app_id_env": "TEST_TEAMS_ID",
                "app_secret_env": "TEST_TEAMS_SECRET",
                "tenant_id_env": "TEST_TEAMS_TENANT",
                **teams,
            },
        },
        base=tmp_path,
    )


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[str]:
    stop, ready = asyncio.Event(), asyncio.Queue[str]()
    task = asyncio.create_task(run(settings, stop, ready.put_nowait))
    try:
        yield await asyncio.wait_for(ready.get(), 10)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def health(base: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as got:
        assert got.status == 200
        found: dict[str, Any] = await got.json()
        return found


async def test_teams_only_serve_refuses_requests_without_a_bot_service_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in ENTRA.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    async with TeamsStandIn(caller_auth="none") as teams, serving(teams_only(tmp_path)) as base:
        said = await health(base)
        assert said["status"] == "ok" and said["teams"] == {"anonymous": False}
        user = teams.tenant.users[0]
        installed = await teams.caller.install(f"{base}/api/messages", user)
        refused = await teams.caller.send_message(f"{base}/api/messages", user, "privacy")
        assert {r.status for r in [*installed, refused]} == {401}
        assert "Traceback" not in refused.text
        assert teams.calls() == []  # nothing answered, nobody added to the roster
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{base}/slack/events", data=b"{}") as got,
        ):
            assert got.status == 404  # Slack is off: its URL is not served


async def test_anonymous_serve_says_so_and_delivers_invitations_over_teams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ENTRA:
        monkeypatch.delenv(name, raising=False)  # anonymous needs no Entra app
    settings = teams_only(tmp_path, allow_anonymous=True)
    async with TeamsStandIn(caller_auth="none") as teams, serving(settings) as base:
        said = await health(base)
        assert said["teams"] == {"anonymous": True, "warning": ANONYMOUS_WARNING}
        url = f"{base}/api/messages"
        for user in teams.tenant.users:
            assert {r.status for r in await teams.caller.install(url, user)} == {202}
        await asyncio.to_thread(open_a_round, settings)
        await eventually(lambda: len(teams.delivered_keys()) == len(teams.tenant.users), 10)
        assert teams.duplicate_messages() == 0
        await assert_prompt_poster_registered()


def open_a_round(settings: Settings) -> None:
    store = open_store(settings)  # a second connection to the served database, as an admin
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        open_round(store, period="2026-03", recall=Recall.TWELVE_MONTHS, opens_at=now,
                   closes_at=now + timedelta(days=14), now=now)  # fmt: skip
    finally:
        store.close()


async def assert_prompt_poster_registered() -> None:
    """The leader hands the scheduler a prompt poster over every platform's channel port."""
    posters: list[Callable[[datetime], Any]] = list(scheduler._ctx().prompt_posters)
    assert len(posters) == 1
    run_ = await posters[0](datetime.now(UTC))
    assert isinstance(run_, PostingRun) and run_.failed == []


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"slack": {"enabled": False}}, "Nothing to serve"),
        ({"slack": {"enabled": False}, "teams": {"enabled": True}}, "TEAMS_APP_ID"),
    ],
)
async def test_serve_says_what_is_missing_before_opening_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: dict[str, Any], says: str
) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    settings = settings_from_mapping(raw, base=tmp_path)
    with pytest.raises(ConfigError, match=says.replace("[", r"\[").replace("]", r"\]")):
        await run(settings, asyncio.Event())
    assert not (tmp_path / "bigconv.db").exists() and not (tmp_path / "bigconv.key").exists()
