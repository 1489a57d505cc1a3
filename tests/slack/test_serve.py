"""`bigconv serve` end to end on SQLite: configured from a file and the environment, it
serves /healthz, answers Slack, syncs the roster and delivers an admin's round."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from bot.commands.serve import run
from bot.settings import settings_from_mapping
from standins.slack import SlackStandIn
from tests.slack.conftest import eventually

ADMIN = "U0000005"


async def test_serve_runs_the_server_worker_and_scheduler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with SlackStandIn() as slack:
        monkeypatch.setenv("TEST_SLACK_TOKEN", slack.token)
        monkeypatch.setenv("TEST_SLACK_SECRET", slack.signing_secret)
        settings = settings_from_mapping(
            {
                "database": {"url": f"sqlite:///{tmp_path / 'serve.db'}"},
                "server": {"host": "127.0.0.1", "port": 0},
                "slack": {
                    "api_base_url": slack.base_url,
                    "bot_token_env": "TEST_SLACK_TOKEN",
                    "signing_secret_env": "TEST_SLACK_SECRET",
                },
                "roles": {"admin": [f"slack:T0STANDIN:{ADMIN}"]},
                "delivery": {"slack_workspace_per_second": 100},
            },
            base=tmp_path,
        )
        stop, ready = asyncio.Event(), asyncio.Queue[str]()
        task = asyncio.create_task(run(settings, stop, ready.put_nowait))
        try:
            base = await asyncio.wait_for(ready.get(), 10)
            async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as res:
                assert res.status == 200
            url = f"{base}/slack/events"
            await eventually(lambda: bool(slack.calls("users.list")))
            await asyncio.sleep(0.3)  # the first roster sync
            answer = await slack.caller.slash_command(
                url, user=ADMIN, command="/pulse", text="admin open"
            )
            assert answer.status == 200
            await eventually(lambda: len(slack.delivered_keys()) == 14, timeout=10)
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)
