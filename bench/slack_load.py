"""Benchmark: the Slack adapter under load, on loopback, in one run.

(a) answer submissions through the full stack (signature, replay guard, parse, validate,
    encrypt, group commit, ack; then the DM update) beside a bare aiohttp endpoint that
    only checks the signature, both in the server's process, the load from another:
    sustained capacity at saturation for both, then p50/p99 latency of the full stack at
    a steady rate (default 100/s for 60 s). Per database given (SQLite by default).
    Aim: p99 <= 100 ms at 100 submissions/s; capacity >= 20% of the bare endpoint's.
(b) fan-out of N invitations through the delivery worker and SlackPort to the stand-in,
    which enforces 1 message/s per conversation and the workspace budget: total time
    against the minimum the budget allows (aim <= 1.15x), lost and duplicated messages
    (aim: zero).

    python bench/slack_load.py [--rate 100] [--seconds 60] [--invitations 10000]
                               [--budget 200] [--database URL ...] [--only a|b]
    e.g. --database sqlite --database postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import answer_pulse, build_trust  # noqa: E402
from bot.demo.simulated_staff import modal_values  # noqa: E402
from bot.demo.slack_round import workspace_of  # noqa: E402
from bot.settings import (
    Settings,  # noqa: E402
    SlackSettings,  # noqa: E402
)
from bot.slack.blocks.pulse_form import pulse_modal  # noqa: E402
from bot.slack.metadata import FormMetadata  # noqa: E402
from bot.slack.roster_sync import sync_roster  # noqa: E402
from bot.slack.wiring import SlackRuntime, build_slack_runtime  # noqa: E402
from bot.web.server import build_server, start_server  # noqa: E402
from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing  # noqa: E402
from handlers.messages import PulseFormReply  # noqa: E402
from handlers.pulse_rounds import open_round  # noqa: E402
from standins.slack import (  # noqa: E402
    TEAM_ID,
    RateLimits,
    SignedRequest,
    SlackStandIn,
    interactivity_body,
    payloads,
    sign,
    signed_request,
)
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402
from surveys.form import pulse_form  # noqa: E402
from surveys.questions import Recall  # noqa: E402

FORM = "application/x-www-form-urlencoded"
Send = Callable[[SignedRequest], Awaitable[tuple[int, float]]]


async def _sender(session: aiohttp.ClientSession, url: str) -> Send:
    async def send(request: SignedRequest) -> tuple[int, float]:
        started = time.perf_counter()
        async with session.post(url, data=request.body, headers=request.headers) as res:
            await res.read()
            return res.status, time.perf_counter() - started

    return send


async def steady(send: Send, requests: list[SignedRequest], rate: float) -> list[float]:
    """Open loop: one request every 1/rate s, whatever the answers; latencies of 200s."""
    tasks = []
    start = time.perf_counter()
    for n, request in enumerate(requests):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(request)))
    done = await asyncio.gather(*tasks)
    return [latency for status, latency in done if status == 200]


async def saturate(send: Send, requests: list[SignedRequest], workers: int) -> float:
    """Closed loop with `workers` in flight: requests answered 200 per second."""
    queue = list(reversed(requests))
    ok = 0

    async def worker() -> None:
        nonlocal ok
        while queue:
            status, _ = await send(queue.pop())
            ok += status == 200

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return ok / (time.perf_counter() - start)


Measured = tuple[float, float, list[float], list[float]]


def run_load(
    full_url: str,
    bare_url: str,
    saturation: list[tuple[bytes, dict[str, str]]],
    steady_load: list[tuple[bytes, dict[str, str]]],
    rate: float,
) -> Measured:
    """In the load process: bare and full throughput at saturation, then the steady run
    of each (the bare one shows what the machine itself adds to the latencies)."""

    async def go() -> Measured:
        sat = [SignedRequest(body, headers) for body, headers in saturation]
        even = [SignedRequest(body, headers) for body, headers in steady_load]
        connector = aiohttp.TCPConnector(limit=200)
        async with aiohttp.ClientSession(connector=connector) as session:
            full = await _sender(session, full_url)
            bare = await _sender(session, bare_url)
            bare_rps = await saturate(bare, sat, 32)
            full_rps = await saturate(full, sat, 32)
            bare_steady = await steady(bare, even, rate)
            return bare_rps, full_rps, bare_steady, await steady(full, even, rate)

    return asyncio.run(go())


def submissions(slack: SlackStandIn, round_id: str, count: int) -> list[SignedRequest]:
    """Signed view_submissions from `count` different people, each with their invitation."""
    trust = build_trust(count, seed=5)
    dms = {m.channel: m for m in slack.messages}
    reply = PulseFormReply(round_id, pulse_form(Recall.TWELVE_MONTHS))
    signed = []
    rng = random.Random(9)
    for colleague in trust:
        dm = dms[f"D{colleague.user_id}"]
        meta = FormMetadata(round_id, dm.channel, dm.ts).encode()
        view = {**pulse_modal(reply, metadata=meta), "id": "V1", "hash": "h"}
        payload = payloads.view_submission(
            user=colleague.user_id,
            view=view,
            values=modal_values(answer_pulse(colleague, rng)),
            trigger_id="t",
        )
        signed.append(signed_request(slack.signing_secret, interactivity_body(payload), FORM))
    return signed


def bare_app(secret: str) -> web.Application:
    """Only what every Slack app must do: read the body and check its signature."""

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers["X-Slack-Request-Timestamp"]
        if sign(secret, body, int(ts))["X-Slack-Signature"] != request.headers.get(
            "X-Slack-Signature"
        ):
            return web.Response(status=401)
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    return app


async def deliver(store: Store, runtime: SlackRuntime, budget: float, round_id: str) -> float:
    pacing = Pacing({"slack": PlatformPacing(1.0, budget)})
    worker = DeliveryWorker(store, {"slack": runtime.port}, pacing, concurrency=64, batch=512)
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(worker.run(stop))
    while (await asyncio.to_thread(store.outbox.stats, round_id)).pending:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    await runtime.port.flush()
    return elapsed


def _open(store: Store, period: str) -> str:
    now = datetime.now(UTC).replace(microsecond=0)
    return open_round(
        store,
        period=period,
        recall=Recall.TWELVE_MONTHS,
        opens_at=now,
        closes_at=now + timedelta(days=14),
        now=now,
    ).id


async def _stack(store: Store, slack: SlackStandIn) -> tuple[SlackRuntime, web.AppRunner, str]:
    runtime = build_slack_runtime(
        store,
        Settings(),
        SlackSettings(api_base_url=slack.base_url),
        token=slack.token,
        signing_secret=slack.signing_secret,
        connections=200,
    )
    runner, base = await start_server(
        build_server(store, slack_events=runtime.events.handle), "127.0.0.1", 0
    )
    return runtime, runner, base


async def part_a(url: str, rate: float, seconds: float, saturation: int) -> None:
    steady_n = int(rate * seconds)
    people = steady_n + saturation
    store = Store.open(url, Secrets(generate_key(), generate_key()))
    store.migrate()
    trust = build_trust(people, seed=5)
    limits = RateLimits(workspace_per_second=5000)
    async with SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack:
        runtime, runner, base = await _stack(store, slack)
        await sync_roster(runtime.deps.backend, runtime.client, team_id=TEAM_ID)
        round_id = _open(store, "2026-03")
        await deliver(store, runtime, 5000, round_id)
        signed = submissions(slack, round_id, people)
        # The stand-in's state and the prepared requests are not the server's heap (Slack
        # is elsewhere in production): keep them out of the collector's full walks, which
        # otherwise pause the loop for 250 ms here (gc.freeze, as a server after start-up).
        gc.collect()
        gc.freeze()
        bare_runner, bare_base = await start_server(bare_app(slack.signing_secret), "127.0.0.1", 0)
        # The load comes from another process, as from Slack: the server's own process
        # then spends its CPU on serving alone, for the full stack and the bare endpoint.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            load = functools.partial(
                run_load,
                f"{base}/slack/events",
                f"{bare_base}/slack/events",
                [(r.body, dict(r.headers)) for r in signed[:saturation]],
                [(r.body, dict(r.headers)) for r in signed[saturation:]],
                rate,
            )
            measured = await asyncio.get_running_loop().run_in_executor(pool, load)
            bare_rps, full_rps, bare_latencies, latencies = measured
        await asyncio.sleep(0.5)  # the last DM updates
        recorded = store.submissions.count(round_id)
        await bare_runner.cleanup()
        await runner.cleanup()
        await runtime.close()
    store.close()
    gc.unfreeze()
    p50, p99 = _percentiles(latencies)
    bare_p50, bare_p99 = _percentiles(bare_latencies)
    print(f"(a) submissions through the full stack, {make_url(url).get_backend_name()}")
    print(f"    bare signature-only endpoint: {bare_rps:8.1f} requests/s (saturated, 32 in flight)")
    print(
        f"    full stack capacity:          {full_rps:8.1f} submissions/s "
        f"= {full_rps / bare_rps:.0%} of bare (aim >= 20%)"
    )
    print(
        f"    steady {rate:.0f}/s for {seconds:.0f} s: {len(latencies)}/{steady_n} answered 200, "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms (aim <= 100); {recorded} responses recorded"
    )
    print(
        f"    bare endpoint at the same rate:  p50 {bare_p50:.1f} ms, p99 {bare_p99:.1f} ms "
        "(what the machine adds)"
    )


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


async def part_b(url: str, count: int, budget: float) -> None:
    store = Store.open(url, Secrets(generate_key(), generate_key()))
    store.migrate()
    trust = build_trust(count, seed=6)
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=budget)
    async with SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack:
        runtime, runner, _ = await _stack(store, slack)
        await sync_roster(runtime.deps.backend, runtime.client, team_id=TEAM_ID)
        round_id = _open(store, "2026-04")
        elapsed = await deliver(store, runtime, budget, round_id)
        keys = slack.delivered_keys()
        refused = sum(1 for c in slack.calls("chat.postMessage") if c.status == 429)
        await runner.cleanup()
        await runtime.close()
    stats = store.outbox.stats(round_id)
    store.close()
    burst = max(1, int(budget))
    minimum = (count - burst) / budget
    lost = count - len(keys)
    duplicated = sum(n - 1 for n in keys.values())
    print(f"(b) fan-out of {count} invitations, 1/s per conversation, {budget:.0f}/s workspace")
    print(
        f"    {elapsed:.1f} s against a minimum of {minimum:.1f} s = {elapsed / minimum:.2f}x; "
        f"sent {stats.sent}, failed {stats.failed}, lost {lost}, duplicated {duplicated}, "
        f"429s met {refused}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--saturation", type=int, default=1500)
    parser.add_argument("--invitations", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=200.0)
    parser.add_argument(
        "--database",
        action="append",
        help="a database URL, or 'sqlite' for a file in a temp dir; repeat for several "
        "(each must be empty; default: sqlite)",
    )
    parser.add_argument("--only", choices=("a", "b"), help="run one part only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n, given in enumerate(args.database or ["sqlite"]):
            url_a = f"sqlite:///{tmp}/load-a{n}.db" if given == "sqlite" else given
            url_b = f"sqlite:///{tmp}/load-b{n}.db" if given == "sqlite" else given
            if args.only != "b":
                asyncio.run(part_a(url_a, args.rate, min(args.seconds, 300), args.saturation))
            if args.only != "a":
                asyncio.run(part_b(url_b, min(args.invitations, 100_000), args.budget))


if __name__ == "__main__":
    main()
