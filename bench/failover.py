"""Benchmark: a 10,000-person Slack fan-out across three `bigconv serve` replicas while
the leader is killed, then the next leader is stopped and resumed (issue 12).

One PostgreSQL database (a private cluster in a temp dir unless --database names an empty
one), the Slack stand-in with its rate limits (1 message/s per conversation, --budget per
second for the workspace), and three real replicas, each reaching Slack through its own
recording proxy so every send is attributed to the process that made it. At --kill-at of
the invitations received the leader gets SIGKILL; at --stop-at the new leader gets
SIGSTOP, and SIGCONT once a third replica is sending. Aim: each takeover within 10 s,
total within 1.25x the rate-limit minimum, nobody lost, duplicates no more than the sends
in flight at the faults, nothing sent by the stopped leader after it resumed.

    python bench/failover.py [--people 10000] [--budget 100] [--kill-at 0.4]
                             [--stop-at 0.7] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import build_trust  # noqa: E402
from bot.demo.slack_round import workspace_of  # noqa: E402
from standins.slack import RateLimits, SlackStandIn  # noqa: E402
from tests.scale.fanout import delivered, env_for, in_flight, seed_round  # noqa: E402
from tests.scale.private_pg import private_postgres  # noqa: E402
from tests.scale.serve_procs import Replica, Replicas  # noqa: E402


async def _fault(
    replicas: Replicas, url: str, sig: signal.Signals, what: str
) -> tuple[Replica, float, int, float, float]:
    """Signal the leader; returns it, when, the rows in flight then, and how long until
    a new leader was elected and until another replica sent again."""
    old = replicas.leader()
    assert old is not None
    old.signal(sig)
    at = time.monotonic()
    bound = await asyncio.to_thread(in_flight, url)
    new, elected = await replicas.wait_for_leader(since=at, timeout=60)
    await replicas.wait_for(
        lambda: replicas.sends.first_after(at, excluding=old.name) is not None, 60
    )
    first = replicas.sends.first_after(at, excluding=old.name)
    assert first is not None
    print(
        f"    {what} {old.name} at {len(replicas.sends.sends)} sends: {new.name} leads after "
        f"{elected - at:.1f} s, sends again after {first.at - at:.1f} s; {bound} rows in flight"
    )
    return old, at, bound, elected - at, first.at - at


async def bench(url: str, people: int, budget: float, kill_at: float, stop_at: float) -> None:
    workspace = workspace_of(build_trust(people, seed=7))
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=budget)
    with tempfile.TemporaryDirectory() as tmp:
        async with SlackStandIn(workspace=workspace, limits=limits) as slack:
            replicas = Replicas(
                Path(tmp),
                url,
                slack.base_url,
                env_for(slack),
                extra_config=f"[delivery]\nslack_workspace_per_second = {budget}\n",
            )
            await seed_round(replicas.shared_config(), slack)

            def received() -> int:
                return len(slack.delivered_keys())

            print(f"failover mid fan-out: {people} people, 3 replicas, {budget:.0f}/s workspace")
            try:
                started = time.monotonic()
                await replicas.start()
                await replicas.wait_for(lambda: received() >= people * kill_at, 600)
                _, _, killed_bound, kill_takeover, _ = await _fault(
                    replicas, url, signal.SIGKILL, "SIGKILL"
                )
                await replicas.wait_for(lambda: received() >= people * stop_at, 600)
                stale, stopped, stop_bound, stop_takeover, _ = await _fault(
                    replicas, url, signal.SIGSTOP, "SIGSTOP"
                )
                stale.signal(signal.SIGCONT)
                resumed = time.monotonic()
                await replicas.wait_for(lambda: received() >= people, 900)
                done = time.monotonic()
                await asyncio.sleep(2.0)  # late duplicates, late stale sends
            finally:
                await replicas.close()
            got = delivered(slack, people)
            ok = sorted(s.at for s in replicas.sends.sends if s.status == 200)
            refused = sum(1 for s in replicas.sends.sends if s.status == 429)
            after_resume = replicas.sends.by(stale.name, after=resumed)
            since_stop = replicas.sends.by(stale.name, after=stopped)

    minimum = people / budget
    bound = killed_bound + stop_bound
    sending = ok[-1] - ok[0]
    print(
        f"    takeovers: {kill_takeover:.1f} s after SIGKILL, {stop_takeover:.1f} s after "
        f"SIGSTOP (aim <= 10 s: {'yes' if max(kill_takeover, stop_takeover) <= 10 else 'NO'})"
    )
    print(
        f"    stopped leader after SIGCONT: {len(after_resume)} sends "
        f"({len(since_stop)} since it was stopped)"
    )
    print(
        f"    delivered {got.unique}, lost {got.lost}, duplicated {got.duplicated} "
        f"(<= in flight at the faults {killed_bound} + {stop_bound} = {bound}: "
        f"{'yes' if got.duplicated <= bound else 'NO'}), 429s met {refused}"
    )
    total = done - started
    print(
        f"    total {total:.1f} s (start-ups included), sending {sending:.1f} s (first to last "
        f"invitation), against a minimum of {minimum:.1f} s = {total / minimum:.2f}x total, "
        f"{sending / minimum:.2f}x sending (aim <= 1.25x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=100.0)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction received")
    parser.add_argument("--stop-at", type=float, default=0.7, help="fraction received")
    parser.add_argument("--database", help="an empty PostgreSQL database's URL")
    args = parser.parse_args()
    if not 0 < args.kill_at < args.stop_at < 1:
        parser.error("need 0 < --kill-at < --stop-at < 1")
    people = min(args.people, 100_000)
    if args.database:
        asyncio.run(bench(args.database, people, args.budget, args.kill_at, args.stop_at))
        return
    with private_postgres() as cluster:
        url = cluster.create_database("failover")
        asyncio.run(bench(url, people, args.budget, args.kill_at, args.stop_at))


if __name__ == "__main__":
    main()
