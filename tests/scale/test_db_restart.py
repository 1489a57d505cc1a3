"""A PostgreSQL restart in the middle of a round (issue 12): two real `bigconv serve`
replicas on a private cluster, people submitting the pulse over signed Slack requests and
a fan-out under way, then the server is stopped (fast: every session ended) and started
again. During the outage every request is answered fast and honestly (a submission keeps
its form with "try again"; an event gets a 5xx so Slack retries it), never past Slack's
3 s. Afterwards the replicas have reconnected by themselves, the leader has re-acquired,
no acknowledged answer is missing, nothing is written twice, nobody is left uninvited."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.demo.population import build_trust
from bot.demo.slack_round import workspace_of
from standins.slack import RateLimits, SlackStandIn
from tests.scale.fanout import delivered, in_flight, seed_round
from tests.scale.outage import (
    OTHER,
    TRY_LATER,
    Outcomes,
    open_forms,
    send_event,
    stored_answers,
    submit_until_acknowledged,
    two_replicas,
)
from tests.scale.private_pg import PrivatePostgres

pytestmark = pytest.mark.postgres
PEOPLE, BUDGET, SUBMITTERS = 300, 20.0, 60
OUTAGE_SECONDS = 3.0
SLACK_DEADLINE = 3.0


async def test_a_database_restart_mid_round(tmp_path: Path, cluster: PrivatePostgres) -> None:
    url = cluster.create_database("bigconv")
    workspace = workspace_of(build_trust(PEOPLE, seed=7))
    users = sorted(u.id for u in workspace.users.values() if not u.is_bot)[:SUBMITTERS]
    limits = RateLimits(per_channel_per_second=1.0, workspace_per_second=BUDGET)
    async with SlackStandIn(workspace=workspace, limits=limits) as slack:
        replicas = two_replicas(tmp_path, url, slack, BUDGET)
        round_id = await seed_round(replicas.shared_config(), slack)
        try:
            await replicas.start()
            await replicas.wait_for_leader(since=float("-inf"), timeout=60)
            apps = [f"{r.url}/slack/events" for r in replicas.replicas]
            forms = await open_forms(slack, apps, users, round_id)
            outcomes = Outcomes()

            async def person(n: int, user: str) -> None:
                await asyncio.sleep(n * 0.1)  # 10 submissions a second, across the outage
                app = apps[n % len(apps)]
                await submit_until_acknowledged(slack, app, user, forms[user], outcomes)

            people = [asyncio.create_task(person(n, u)) for n, u in enumerate(users)]
            await asyncio.sleep(1.5)
            bound = await asyncio.to_thread(in_flight, url)
            down = time.monotonic()
            await asyncio.to_thread(cluster.stop)
            events = [send_event(slack, apps[n % 2], users[n], outcomes) for n in range(6)]
            await asyncio.gather(*events)
            await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down)))
            await asyncio.to_thread(cluster.start)
            up = time.monotonic()
            try:
                await asyncio.gather(*people)
            except AssertionError:
                seen = [
                    (round(a.sent_at - down, 2), a.user, a.outcome, a.status)
                    for a in outcomes.answers
                ]
                tails = "\n".join(f"--- {r.name}\n{r.log_tail(60)}" for r in replicas.replicas)
                raise AssertionError(f"{seen[:80]}\n{tails}") from None
            releader, elected = await replicas.wait_for_leader(since=up, timeout=30)
            await replicas.wait_for(lambda: len(slack.delivered_keys()) >= PEOPLE, 120)
            await asyncio.sleep(1.5)
            after = [send_event(slack, apps[n % 2], users[n], outcomes) for n in range(2)]
            await asyncio.gather(*after)
        finally:
            await replicas.close()
        got = delivered(slack, PEOPLE)

    during = outcomes.between(down, up)
    refused = [a for a in during if a.outcome == TRY_LATER]
    worst = max((a.seconds for a in outcomes.answers), default=0.0)
    marked, held = stored_answers(url, round_id)
    acknowledged = outcomes.acknowledged()
    print(
        f"\noutage {up - down:.1f} s: {len(during)} requests during it, {len(refused)} told to "
        f"try again (5xx for events), slowest answer {worst:.2f} s; leader again "
        f"{elected - up:.1f} s after the restart ({releader.name}); acknowledged "
        f"{len(acknowledged)}/{SUBMITTERS}, marked {marked}, held {held}; fan-out lost "
        f"{got.lost}, duplicated {got.duplicated} (in flight {bound})"
    )
    assert len(during) >= 10 and refused, "the outage saw too few requests to prove anything"
    assert all(a.seconds < SLACK_DEADLINE for a in outcomes.answers)
    assert not [a for a in outcomes.answers if a.outcome == OTHER], outcomes.answers
    events_during = [a for a in during if a.kind == "event"]
    assert events_during and all(500 <= a.status < 600 for a in events_during)
    assert [a.status for a in outcomes.answers if a.kind == "event" and a.sent_at > up] == [
        200,
        200,
    ]
    assert acknowledged == set(users)
    assert marked == held == SUBMITTERS  # every acknowledged answer, none twice
    assert got.lost == 0 and got.duplicated <= bound
