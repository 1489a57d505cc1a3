"""Benchmark: a round's invitations fanned out to Teams, on loopback, in one run.

N people install the app (installationUpdate + conversationUpdate posted to our
/api/messages, which builds the roster), a round is opened (N outbox rows), and the
delivery worker sends every invitation through the TeamsPort (the Agents SDK's proactive
path) to the Teams stand-in, which enforces Teams' limits: 7 messages in 1 s (8 in 2 s,
60 in 30 s) per conversation and 30 requests per second per app per tenant, answering 429
with Retry-After above them. Figures: total time against the minimum those limits allow
(aim <= 1.15x), lost and duplicated messages (aim: zero), 429s met.

    python bench/teams_fanout.py [--people 10000] [--per-second 30] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from microsoft_agents.hosting.core import AgentAuthConfiguration  # noqa: E402

from bot.demo.population import build_trust  # noqa: E402
from bot.demo.teams_staff import SimulatedTeamsStaff, tenant_of  # noqa: E402
from bot.settings import (
    Settings,  # noqa: E402
    TeamsSettings,  # noqa: E402
)
from bot.teams.connection import Identity  # noqa: E402
from bot.teams.endpoint import add_teams_routes  # noqa: E402
from bot.teams.wiring import TeamsRuntime, build_teams_runtime  # noqa: E402
from bot.web.server import build_server, start_server  # noqa: E402
from handlers.delivery import DeliveryWorker, Pacing  # noqa: E402
from handlers.pulse_rounds import open_round  # noqa: E402
from standins.teams import RateLimits, TeamsStandIn  # noqa: E402
from standins.teams.sdk import connection_manager  # noqa: E402
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402
from surveys.questions import Recall  # noqa: E402


def _open(store: Store) -> str:
    now = datetime.now(UTC).replace(microsecond=0)
    return open_round(
        store, period="2026-05", recall=Recall.TWELVE_MONTHS, opens_at=now,
        closes_at=now + timedelta(days=14), now=now,
    ).id  # fmt: skip


async def deliver(store: Store, runtime: TeamsRuntime, pacing: Pacing, round_id: str) -> float:
    """The worker as `bigconv serve` runs it (the [delivery] defaults), until none pending."""
    delivery = Settings().delivery
    worker = DeliveryWorker(
        store, {"teams": runtime.port}, pacing, retry=delivery.retry,
        concurrency=delivery.concurrency,
    )  # fmt: skip
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(worker.run(stop))
    while (await asyncio.to_thread(store.outbox.stats, round_id)).pending:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    return elapsed


async def fanout(url: str, people: int, per_second: float) -> None:
    store = Store.open(url, Secrets(generate_key(), generate_key()))
    store.migrate()
    trust = build_trust(people, seed=7)
    limits = RateLimits(per_app_per_second=per_second)  # Teams' per-conversation windows
    # Anonymous, as in `bigconv demo --platform teams`: a token changes no pacing.
    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    identity = Identity(anonymous, connection_manager(anonymous), "")
    base_pacing = Settings().delivery.pacing
    teams_pacing = replace(base_pacing.of("teams"), workspace_per_second=per_second)
    pacing = Pacing({"teams": teams_pacing})
    async with TeamsStandIn(tenant=tenant_of(trust), limits=limits, caller_auth="none") as teams:
        runtime = build_teams_runtime(
            store, Settings(), TeamsSettings(enabled=True, allow_anonymous=True), identity=identity
        )
        server = build_server(store)
        add_teams_routes(server, runtime)
        runner, base = await start_server(server, "127.0.0.1", 0)
        try:
            started = time.perf_counter()
            await SimulatedTeamsStaff(teams, f"{base}/api/messages", concurrency=32).install(trust)
            installed = time.perf_counter() - started
            teams.state.calls.clear()  # count the fan-out's requests only
            round_id = _open(store)
            elapsed = await deliver(store, runtime, pacing, round_id)
            keys = teams.delivered_keys()
            sends = teams.calls("send")
            refused = sum(1 for c in sends if c.status == 429)
        finally:
            await runner.cleanup()
            runtime.close()
    stats = store.outbox.stats(round_id)
    roster = len(store.roster.audience())
    store.close()
    burst = max(1, math.floor(per_second))  # the stand-in's bucket starts full
    minimum = max(people - burst, 0) / per_second
    lost = people - len(keys)
    duplicated = sum(n - 1 for n in keys.values())
    print(f"Teams fan-out: {people} invitations, 7/s per conversation, {per_second:.0f}/s per app")
    print(f"    roster from {2 * people} install activities to /api/messages: {roster} people "
          f"in {installed:.1f} s")  # fmt: skip
    ratio = elapsed / minimum if minimum else float("nan")
    print(f"    delivered in {elapsed:.1f} s against a minimum of {minimum:.1f} s = {ratio:.3f}x")
    print(
        f"    sent {stats.sent}, failed {stats.failed}, lost {lost}, duplicated {duplicated}; "
        f"{len(sends)} send requests, {refused} answered 429"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--per-second", type=float, default=30.0, help="Teams' per-app limit")
    parser.add_argument("--database", help="database URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    if args.people < 1 or args.per_second <= 0:
        parser.error("--people and --per-second must be above 0")
    random.seed(7)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/fanout.db"
        asyncio.run(fanout(url, min(args.people, 100_000), args.per_second))


if __name__ == "__main__":
    main()
