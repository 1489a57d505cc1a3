"""Benchmark: kill the delivery worker's process in the middle of a Slack fan-out, start
it again, and count what everyone received (issue 3).

This process runs the Slack stand-in on loopback (1 message/s per conversation, the
workspace budget), migrates the database, syncs the roster over users.list and opens a
round, so the outbox holds one invitation per person. A separate OS process (this file
with --worker) opens the same database and runs the real DeliveryWorker and SlackPort
against the stand-in. When the stand-in has received --kill-at of the invitations that
process gets SIGKILL: no clean shutdown, rows stay "sending". A fresh worker process then
finishes the fan-out. Aim: nobody lost, duplicates no more than the rows in flight.

    python bench/slack_restart.py [--people 10000] [--budget 500] [--kill-at 0.4]
                                  [--database URL]

--database must name an empty database (default: a SQLite file in a temp dir).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import build_trust  # noqa: E402
from bot.demo.slack_round import workspace_of  # noqa: E402
from bot.settings import (
    Settings,  # noqa: E402
    SlackSettings,  # noqa: E402
)
from bot.slack.roster_sync import sync_roster  # noqa: E402
from bot.slack.wiring import build_slack_runtime  # noqa: E402
from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing  # noqa: E402
from handlers.pulse_rounds import open_round  # noqa: E402
from standins.slack import TEAM_ID, RateLimits, SlackStandIn  # noqa: E402
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402
from surveys.questions import Recall  # noqa: E402

# The worker process gets the keys and the stand-in's credentials through its environment,
# not its command line (which any local user can read with ps).
ENV_MASTER, ENV_PEPPER = "BENCH_MASTER_KEY", "BENCH_PEPPER"
ENV_TOKEN, ENV_SIGNING = "BENCH_SLACK_TOKEN", "BENCH_SLACK_SIGNING_SECRET"
CONCURRENCY, BATCH = 64, 512


# --- the worker process ---------------------------------------------------------------


def _secrets_from_env() -> Secrets:
    return Secrets(
        base64.b64decode(os.environ[ENV_MASTER]), base64.b64decode(os.environ[ENV_PEPPER])
    )


async def work(url: str, api_base: str, round_id: str, budget: float) -> None:
    """Deliver the round's invitations until none is pending or in flight, then stop."""
    store = Store.open(url, _secrets_from_env())
    runtime = build_slack_runtime(
        store,
        Settings(),
        SlackSettings(api_base_url=api_base),
        token=os.environ[ENV_TOKEN],
        signing_secret=os.environ[ENV_SIGNING],
        connections=200,
    )
    pacing = Pacing({"slack": PlatformPacing(1.0, budget)})
    worker = DeliveryWorker(
        store, {"slack": runtime.port}, pacing, concurrency=CONCURRENCY, batch=BATCH
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    while (await asyncio.to_thread(store.outbox.stats, round_id)).pending:
        await asyncio.sleep(0.05)
    stop.set()
    await task
    await runtime.port.flush()
    await runtime.close()
    store.close()


# --- the bench process ----------------------------------------------------------------


def _open(store: Store) -> str:
    now = datetime.now(UTC).replace(microsecond=0)
    return open_round(
        store,
        period="2026-05",
        recall=Recall.TWELVE_MONTHS,
        opens_at=now,
        closes_at=now + timedelta(days=14),
        now=now,
    ).id


def _statuses(store: Store) -> dict[str, int]:
    with store.db.session() as session:
        rows = session.execute(text("SELECT status, count(*) FROM outbox GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


async def _spawn(
    url: str, api_base: str, round_id: str, budget: float, env: dict[str, str]
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--database",
        url,
        "--api-base",
        api_base,
        "--round",
        round_id,
        "--budget",
        str(budget),
        env=env,
    )


async def bench(url: str, people: int, budget: float, kill_at: float) -> None:
    secrets = Secrets(generate_key(), generate_key())
    store = Store.open(url, secrets)
    store.migrate()
    trust = build_trust(people, seed=7)
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=budget)
    async with SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack:
        setup = build_slack_runtime(
            store,
            Settings(),
            SlackSettings(api_base_url=slack.base_url),
            token=slack.token,
            signing_secret=slack.signing_secret,
        )
        await sync_roster(setup.deps.backend, setup.client, team_id=TEAM_ID)
        await setup.close()
        round_id = _open(store)
        env = {
            **os.environ,
            ENV_MASTER: base64.b64encode(secrets.master_key).decode(),
            ENV_PEPPER: base64.b64encode(secrets.pepper).decode(),
            ENV_TOKEN: slack.token,
            ENV_SIGNING: slack.signing_secret,
        }

        started = time.monotonic()  # the stand-in stamps calls on this clock
        first = await _spawn(url, slack.base_url, round_id, budget, env)
        while len(slack.state.messages) < people * kill_at:
            if first.returncode is not None:
                raise SystemExit(f"the first worker ended early (exit {first.returncode})")
            await asyncio.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)  # no clean shutdown: the process just dies
        await first.wait()
        killed = time.monotonic()
        await asyncio.sleep(0.2)  # requests already on the wire still reach the stand-in
        received_at_kill = len(slack.state.messages)
        at_kill = await asyncio.to_thread(_statuses, store)
        in_flight = at_kill.get("sending", 0)

        second = await _spawn(url, slack.base_url, round_id, budget, env)
        if await second.wait() != 0:
            raise SystemExit(f"the second worker failed (exit {second.returncode})")
        elapsed = time.monotonic() - started
        keys = slack.delivered_keys()
        posts = slack.calls("chat.postMessage")
        refused = sum(1 for c in posts if c.status == 429)
        before = [c.at for c in posts if c.status == 200 and c.at <= killed]
        after = [c.at for c in posts if c.status == 200 and c.at > killed]
    final = _statuses(store)
    store.close()

    lost = people - len(keys)
    duplicated = sum(n - 1 for n in keys.values())
    minimum = (people - max(1, int(budget))) / budget
    print(f"restart mid fan-out: {people} people, 1/s per conversation, {budget:.0f}/s workspace")
    print(
        f"    killed (SIGKILL) after {killed - started:.1f} s "
        f"(first invitation at {before[0] - started:.1f} s) with {received_at_kill} invitations "
        f"received; outbox then {at_kill}: {in_flight} rows in flight ('sending')"
    )
    print(
        f"    after restart: {len(keys)} delivered unique, lost {lost}, duplicated {duplicated} "
        f"(<= in flight at kill: {'yes' if duplicated <= in_flight else 'NO'}), "
        f"429s met {refused}; outbox {final}"
    )
    # Sending time leaves out the two process start-ups (imports, connecting), which a
    # restart pays once whatever the size of the fan-out.
    sending = (before[-1] - before[0]) + (after[-1] - after[0])
    print(
        f"    new worker's first invitation {after[0] - killed:.1f} s after the kill, "
        f"last {after[-1] - killed:.1f} s after"
    )
    print(
        f"    total {elapsed:.1f} s (both processes, restart included), sending {sending:.1f} s, "
        f"against a minimum of {minimum:.1f} s = {elapsed / minimum:.2f}x total, "
        f"{sending / minimum:.2f}x sending"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=500.0)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction received")
    parser.add_argument("--database", help="database URL (default: SQLite in a temp dir)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parser.add_argument("--round", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(work(args.database, args.api_base, args.round, args.budget))
        return
    if not 0 < args.kill_at < 1:
        parser.error("--kill-at must be between 0 and 1")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/restart.db"
        asyncio.run(bench(url, min(args.people, 100_000), args.budget, args.kill_at))


if __name__ == "__main__":
    main()
