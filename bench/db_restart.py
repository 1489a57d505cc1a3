"""Benchmark: PostgreSQL restarts during a round of submissions and a fan-out (issue 12).

Two `bigconv serve` replicas on a private PostgreSQL cluster (initdb in a temp dir, on a
free port: never the shared server), the Slack stand-in with its rate limits. People open
the pulse form, then submit it over signed Slack requests at --rate a second while the
round's invitations go out; part-way the server is stopped (fast: every session ended)
and started again --outage seconds later. Whoever is told "try again" submits again a
second later, as a person would. Printed: the outage, the requests answered during it and
how fast (Slack gives up after 3 s), how long until everything worked again, and that no
acknowledged answer is missing or written twice, and nobody uninvited.

    python bench/db_restart.py [--people 2000] [--submitters 200] [--rate 20]
                               [--outage 5] [--budget 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import build_trust  # noqa: E402
from bot.demo.slack_round import workspace_of  # noqa: E402
from standins.slack import RateLimits, SlackStandIn  # noqa: E402
from tests.scale.fanout import delivered, in_flight, seed_round  # noqa: E402
from tests.scale.outage import (
    THANKED,
    TRY_LATER,
    Outcomes,
    open_forms,
    send_event,
    stored_answers,
    submit_until_acknowledged,
    two_replicas,  # noqa: E402
)
from tests.scale.private_pg import PrivatePostgres, private_postgres  # noqa: E402


async def bench(cluster: PrivatePostgres, args: argparse.Namespace) -> None:
    url = cluster.create_database("restart")
    workspace = workspace_of(build_trust(args.people, seed=7))
    users = sorted(u.id for u in workspace.users.values() if not u.is_bot)[: args.submitters]
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=args.budget)
    outcomes = Outcomes()
    with tempfile.TemporaryDirectory() as tmp:
        async with SlackStandIn(workspace=workspace, limits=limits) as slack:
            replicas = two_replicas(Path(tmp), url, slack, args.budget)
            round_id = await seed_round(replicas.shared_config(), slack)
            try:
                await replicas.start()
                await replicas.wait_for_leader(since=float("-inf"), timeout=60)
                apps = [f"{r.url}/slack/events" for r in replicas.replicas]
                forms = await open_forms(slack, apps, users, round_id)

                async def person(n: int, user: str) -> None:
                    await asyncio.sleep(n / args.rate)
                    app = apps[n % len(apps)]
                    await submit_until_acknowledged(slack, app, user, forms[user], outcomes)

                people = [asyncio.create_task(person(n, u)) for n, u in enumerate(users)]
                await asyncio.sleep(len(users) / args.rate / 3)
                bound = await asyncio.to_thread(in_flight, url)
                down = time.monotonic()
                await asyncio.to_thread(cluster.stop)
                events = [send_event(slack, apps[n % 2], users[n], outcomes) for n in range(4)]
                await asyncio.gather(*events)
                await asyncio.sleep(max(0.0, args.outage - (time.monotonic() - down)))
                await asyncio.to_thread(cluster.start)
                up = time.monotonic()
                await asyncio.gather(*people)
                _, elected = await replicas.wait_for_leader(since=up, timeout=60)
                await replicas.wait_for(lambda: replicas.sends.first_after(up) is not None, 60)
                sending_again = replicas.sends.first_after(up)
                await replicas.wait_for(lambda: len(slack.delivered_keys()) >= args.people, 900)
                await asyncio.sleep(2.0)
            finally:
                await replicas.close()
            got = delivered(slack, args.people)
    marked, held = stored_answers(url, round_id)
    during = outcomes.between(down, up)
    refused = [a for a in during if a.outcome == TRY_LATER]
    latencies = sorted(a.seconds for a in during) or [0.0]
    thanks = [a.sent_at + a.seconds for a in outcomes.answers if a.outcome == THANKED]
    thanked_after = min((at for at in thanks if at > up), default=float("nan"))
    worst = max(a.seconds for a in outcomes.answers)
    acknowledged = len(outcomes.acknowledged())
    print(
        f"database restart mid-round: {args.people} invited, {len(users)} submitting at "
        f"{args.rate:.0f}/s, 2 replicas"
    )
    print(
        f"    outage {up - down:.1f} s: {len(during)} requests answered during it, {len(refused)} "
        f"'try again' (events: 5xx); latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms (max over the whole run {worst * 1000:.0f} ms; "
        f"must be < 3000: {'yes' if worst < 3 else 'NO'})"
    )
    assert sending_again is not None
    print(
        f"    recovered: first thank-you {thanked_after - up:.1f} s after the server was back, "
        f"leader again after {elected - up:.1f} s, sending again after "
        f"{sending_again.at - up:.1f} s"
    )
    print(
        f"    answers: acknowledged {acknowledged}/{len(users)}, stored {held}, people marked "
        f"{marked}: lost {acknowledged - min(held, marked)}, written twice "
        f"{max(0, held - acknowledged)}"
    )
    print(
        f"    fan-out: lost {got.lost}, duplicated {got.duplicated} (<= {bound} in flight at the "
        f"restart: {'yes' if got.duplicated <= bound else 'NO'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--submitters", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="first submissions a second")
    parser.add_argument("--outage", type=float, default=5.0, help="seconds the server is down")
    parser.add_argument("--budget", type=float, default=50.0, help="Slack workspace sends/s")
    args = parser.parse_args()
    if not 0 < args.submitters <= args.people:
        parser.error("need 0 < --submitters <= --people")
    with private_postgres() as cluster:
        asyncio.run(bench(cluster, args))


if __name__ == "__main__":
    main()
