"""Leader failover with real `bigconv serve` processes (issue 12): three replicas on one
PostgreSQL database fan out a round to the Slack stand-in (with its rate limits) while
the leader is killed or stopped. Another replica takes over within 10 s, nobody is
missed, duplicates stay within the sends in flight, and a stopped leader that resumes
after the takeover sends nothing more. Each replica reaches Slack through its own proxy,
so every send is attributed to the process that made it."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.demo.population import build_trust
from bot.demo.slack_round import workspace_of
from standins.slack import RateLimits, SlackStandIn
from tests.scale.fanout import delivered, env_for, in_flight, seed_round
from tests.scale.serve_procs import Replicas

pytestmark = pytest.mark.postgres
PEOPLE, BUDGET = 400, 25.0  # a 16 s fan-out at the workspace limit
TAKEOVER_LIMIT = 10.0


@dataclass
class FanOut:
    slack: SlackStandIn
    replicas: Replicas
    url: str

    def received(self) -> int:
        return len(self.slack.delivered_keys())


@pytest.fixture
async def fanout(tmp_path: Path, fresh_postgres_url: str) -> AsyncIterator[FanOut]:
    workspace = workspace_of(build_trust(PEOPLE, seed=7))
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=BUDGET)
    async with SlackStandIn(workspace=workspace, limits=limits) as slack:
        replicas = Replicas(
            tmp_path,
            fresh_postgres_url,
            slack.base_url,
            env_for(slack),
            extra_config=f"[delivery]\nslack_workspace_per_second = {BUDGET}\n",
        )
        await seed_round(replicas.shared_config(), slack)
        try:
            await replicas.start()
            yield FanOut(slack, replicas, fresh_postgres_url)
        finally:
            await replicas.close()


async def _mid_fan_out(run: FanOut, fraction: float) -> None:
    await run.replicas.wait_for_leader(since=float("-inf"), timeout=60)
    await run.replicas.wait_for(lambda: run.received() >= PEOPLE * fraction, 90)


async def _finish(run: FanOut) -> None:
    await run.replicas.wait_for(lambda: run.received() >= PEOPLE, 120)
    await asyncio.sleep(1.5)  # a late duplicate would arrive by now


async def test_a_killed_leader_is_replaced_within_10_s(fanout: FanOut) -> None:
    run = fanout
    await _mid_fan_out(run, 0.3)
    old = run.replicas.leader()
    assert old is not None
    old.signal(signal.SIGKILL)
    killed = time.monotonic()
    bound = await asyncio.to_thread(in_flight, run.url)
    new, elected = await run.replicas.wait_for_leader(since=killed, timeout=30)
    await run.replicas.wait_for(
        lambda: run.replicas.sends.first_after(killed, excluding=old.name) is not None, 30
    )
    first = run.replicas.sends.first_after(killed, excluding=old.name)
    assert first is not None and new is not old
    await _finish(run)
    got = delivered(run.slack, PEOPLE)
    print(
        f"\nSIGKILL: new leader {elected - killed:.1f} s after the kill, sending again after "
        f"{first.at - killed:.1f} s; lost {got.lost}, duplicated {got.duplicated} "
        f"(in flight at the kill: {bound})"
    )
    assert elected - killed < TAKEOVER_LIMIT
    assert got.lost == 0
    assert got.duplicated <= bound


async def test_a_stopped_leader_is_replaced_and_sends_nothing_when_it_resumes(
    fanout: FanOut,
) -> None:
    run = fanout
    await _mid_fan_out(run, 0.3)
    old = run.replicas.leader()
    assert old is not None
    old.signal(signal.SIGSTOP)
    stopped = time.monotonic()
    bound = await asyncio.to_thread(in_flight, run.url)
    new, elected = await run.replicas.wait_for_leader(since=stopped, timeout=30)
    assert new is not old
    await run.replicas.wait_for(
        lambda: run.replicas.sends.first_after(stopped, excluding=old.name) is not None, 30
    )
    await asyncio.sleep(1.0)  # the new leader is sending; now the old one wakes up
    old.signal(signal.SIGCONT)
    resumed = time.monotonic()
    await _finish(run)
    await asyncio.sleep(2.0)  # time for the stale leader to do anything it still would
    got = delivered(run.slack, PEOPLE)
    stale = run.replicas.sends.by(old.name, after=stopped)
    late = run.replicas.sends.by(old.name, after=resumed + 0.5)
    print(
        f"\nSIGSTOP: new leader {elected - stopped:.1f} s after the stop; the old one resumed "
        f"and sent {len(stale)} ({len(late)} later than 0.5 s after resuming); lost "
        f"{got.lost}, duplicated {got.duplicated} (in flight at the stop: {bound})"
    )
    assert elected - stopped < TAKEOVER_LIMIT
    assert late == [], "the stale leader kept sending after it resumed"
    assert len(stale) <= bound
    assert got.lost == 0
    assert got.duplicated <= bound
    fenced = [line for _, line in old.lines if "leadership lost" in line or "newer leader" in line]
    assert fenced, old.log_tail()
