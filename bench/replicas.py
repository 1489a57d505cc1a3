"""Benchmark: 1, 2 and 3 `bigconv serve` replicas behind HAProxy on one PostgreSQL
database, side by side in one run (issue 12).

For each replica count: a fresh database, the Slack stand-in as the Web API, the replicas
and HAProxy started as in tests/scale (deploy/haproxy.cfg on loopback), the roster synced
and the invitations delivered by the leader. Then, from a separate load process, signed
pulse submissions through HAProxy: closed loop with --workers in flight (capacity,
submissions/s at saturation), then an open loop at --rate (p50/p99). During the
saturation the CPU of every party is read from /proc (% of one core) and PostgreSQL's
active backends are sampled for their wait events, to say where the ceiling is.

    python bench/replicas.py [--saturation 720] [--workers 48] [--rate 40] [--seconds 5]
                             [--postgres URL]

--postgres: a server where this may create and drop databases (default: the local one).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import psycopg
from sqlalchemy import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.proc_stats import Window  # noqa: E402
from bench.slack_load import saturate, steady, submissions  # noqa: E402
from bot.demo.population import build_trust  # noqa: E402
from bot.demo.slack_round import workspace_of  # noqa: E402
from handlers.pulse_rounds import open_round  # noqa: E402
from standins.slack import RateLimits, SignedRequest, SlackStandIn  # noqa: E402
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402
from surveys.questions import Recall  # noqa: E402
from tests.scale.cluster import Cluster, haproxy_binary  # noqa: E402

Raw = list[tuple[bytes, dict[str, str]]]


@dataclass
class Result:
    replicas: int
    capacity: float
    p50: float
    p99: float
    ok: int
    sent: int
    stored: int
    window: Window


# --- the load process -----------------------------------------------------------------


def load_pid() -> int:
    return os.getpid()


def run_load(url: str, raw: Raw, workers: int, rate: float) -> tuple[float, list[float]]:
    """Closed loop with `workers` in flight (returns submissions/s answered 200), or, with
    workers 0, an open loop at `rate` (returns the latencies of the 200s)."""

    async def go() -> tuple[float, list[float]]:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:

            async def send(request: SignedRequest) -> tuple[int, float]:
                started = time.perf_counter()
                async with session.post(url, data=request.body, headers=request.headers) as res:
                    await res.read()
                    return res.status, time.perf_counter() - started

            signed = [SignedRequest(body, headers) for body, headers in raw]
            if workers:
                return await saturate(send, signed, workers), []
            return 0.0, await steady(send, signed, rate)

    return asyncio.run(go())


# --- one replica count ----------------------------------------------------------------


def _fresh_database(admin: str) -> tuple[str, str]:
    name = f"bigconv_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, name


def _drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _wait(condition: object, what: str, timeout: float = 60) -> None:
    assert callable(condition)
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise SystemExit(f"gave up waiting for {what}")


async def one(replicas: int, args: argparse.Namespace, pool: ProcessPoolExecutor) -> Result:
    pg = make_url(args.postgres)
    admin = pg.set(drivername="postgresql", database="postgres").render_as_string(False)
    name, _ = _fresh_database(admin)
    url = pg.set(database=name).render_as_string(hide_password=False)
    people = args.saturation + int(args.rate * args.seconds)
    secrets = Secrets(generate_key(), generate_key())
    trust = build_trust(people, seed=5)
    limits = RateLimits(workspace_per_second=20_000)
    loop = asyncio.get_running_loop()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack:
                cluster = Cluster(
                    Path(tmp),
                    url,
                    secrets,
                    slack.base_url,
                    slack.token,
                    slack.signing_secret,
                    replicas=replicas,
                    drain_seconds=0,
                )
                async with cluster:
                    store = Store.open(url, secrets, mixing_dir=Path(tmp) / "mixing-keys")
                    await _wait(
                        lambda: len(store.roster.audience(platform="slack")) == people,
                        "the roster sync",
                    )
                    now = datetime.now(UTC).replace(microsecond=0)
                    round_id = open_round(
                        store,
                        period="2026-03",
                        recall=Recall.TWELVE_MONTHS,
                        opens_at=now,
                        closes_at=now + timedelta(days=14),
                        now=now,
                    ).id
                    await _wait(lambda: len(slack.messages) >= people, "the invitations")
                    signed = [
                        (r.body, dict(r.headers)) for r in submissions(slack, round_id, people)
                    ]
                    sat, even = signed[: args.saturation], signed[args.saturation :]
                    generator = await loop.run_in_executor(pool, load_pid)
                    groups = {
                        "replicas": [r.process.pid for r in cluster.members],
                        "haproxy": [cluster.haproxy_pid],
                        "load generator": [generator],
                        "Slack stand-in": [os.getpid()],
                    }
                    window = Window(groups, admin, name)
                    events = f"{cluster.front}/slack/events"
                    saturated = loop.run_in_executor(
                        pool, functools.partial(run_load, events, sat, args.workers, args.rate)
                    )
                    await window.measure(saturated)  # CPU and waits at saturation
                    capacity, _ = await saturated
                    _, latencies = await loop.run_in_executor(
                        pool, functools.partial(run_load, events, even, 0, args.rate)
                    )
                    ok = len(latencies)
                    stored = store.submissions.count(round_id)
                    store.close()
    finally:
        _drop_database(admin, name)
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else float("nan")
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    return Result(replicas, capacity, p50, p99, ok, len(even), stored, window)


def _report(results: list[Result], args: argparse.Namespace) -> None:
    base = results[0].capacity
    print(
        f"\nreplicas behind HAProxy on PostgreSQL, {os.cpu_count()} cores; capacity with "
        f"{args.workers} in flight, latency at {args.rate:.0f}/s for {args.seconds:.0f} s"
    )
    print(
        "  n  capacity/s  scaling  p50 ms  p99 ms  steady 200s  stored | CPU % of one core: "
        "replicas (each)  postgres  haproxy  load  stand-in  others | machine busy"
    )
    for r in results:
        cpu = r.window.cpu
        each = cpu["replicas"] / r.replicas
        print(
            f"  {r.replicas}  {r.capacity:10.1f}  {r.capacity / base:6.2f}x  {r.p50:6.1f}  "
            f"{r.p99:6.1f}  {r.ok:5d}/{r.sent:<5d}  {r.stored:6d} | "
            f"{cpu['replicas']:5.0f} ({each:3.0f})  {cpu['postgres']:8.0f}  "
            f"{cpu['haproxy']:7.0f}  {cpu['load generator']:4.0f}  {cpu['Slack stand-in']:8.0f}"
            f"  {r.window.others:6.0f}"
            f" | {r.window.machine_busy:4.0f}%"
        )
    for r in results:
        print(
            f"  n={r.replicas} postgres: {r.window.connections_opened} connections opened at "
            f"saturation (pools filling); waits: {r.window.busiest_waits()}"
        )
    for r in results:
        per = {k: 10 * v / r.capacity for k, v in r.window.cpu.items()}  # % of a core -> ms
        print(
            f"  n={r.replicas} CPU ms per answer: replicas {per['replicas']:.1f}, postgres "
            f"{per['postgres']:.1f}, haproxy {per['haproxy']:.2f}, load {per['load generator']:.1f}"
        )
    last = results[-1]
    print(f"  scaling 1 -> {last.replicas} replicas: {last.capacity / base:.2f}x")
    first = results[0]
    each = first.window.cpu["replicas"] / first.replicas
    if each > 85:
        print(
            f"  ceiling at n={first.replicas}: each replica used {each:.0f}% of one core; one "
            "Python process (one event loop, one GIL) cannot use more than one."
        )
    _ceiling(last)


def _ceiling(r: Result) -> None:
    """Say what limits the largest run, from its own figures."""
    cores = os.cpu_count() or 1
    ours = sum(r.window.cpu.values())
    per_answer = 10 * ours / r.capacity  # ms of CPU, all of our processes
    waits = r.window.waits
    wal = sum(c for w, c in waits.items() if "WAL" in w) / max(r.window.samples, 1)
    locks = sum(c for w, c in waits.items() if w.startswith("Lock:")) / max(r.window.samples, 1)
    print(
        f"  ceiling at n={r.replicas}: the machine was {r.window.machine_busy:.0f}% busy; "
        f"our processes used {ours:.0f}% of one core, other processes on this shared "
        f"machine {r.window.others:.0f}%."
    )
    print(
        f"    each answer costs {per_answer:.1f} ms of CPU across replicas, PostgreSQL, "
        f"HAProxy, load and stand-in: {cores} cores give at most ~{cores * 1000 / per_answer:.0f}"
        f"/s with nothing else running."
    )
    print(
        f"    PostgreSQL's active backends waited on WAL (fsync) {wal:.2f} and on locks "
        f"{locks:.2f} per sample on average."
    )
    if r.window.machine_busy > 85:
        print(
            "    => CPU-bound: the replicas share the same cores with PostgreSQL and the "
            "load; more replicas divide the same CPU instead of adding any. WAL and lock "
            "waits are not the limit unless they approach the number of in-flight requests."
        )
    else:
        print(
            "    => not CPU-bound: idle CPU was left, so the waits above (WAL = fsync, "
            "Lock = row or advisory locks) or the load generator are the limit."
        )


async def main_async(args: argparse.Namespace) -> None:
    if haproxy_binary() is None:
        raise SystemExit("HAProxy is not installed: apt-get install haproxy")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [await one(n, args, pool) for n in args.replicas]
    _report(results, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--saturation", type=int, default=720)
    parser.add_argument("--workers", type=int, default=48)
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
