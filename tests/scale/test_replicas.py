"""Two real `bigconv serve` processes on one PostgreSQL database behind a real HAProxy
(deploy/haproxy.cfg), Slack and Teams played by the stand-ins.

Pulse answers go through HAProxy while the leader gets SIGTERM: no request fails (it
drains: /healthz 503, still serving, then exits; HAProxy moves away), every acknowledged
answer is stored exactly once, and the other replica takes the lead. A Teams report link
made on one replica downloads from the other. The replay guard and the release auditor's
lock hold across the two processes.
"""

from __future__ import annotations

import asyncio
import random
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bench.slack_load import submissions
from bot.demo.population import build_trust
from bot.demo.slack_round import workspace_of
from handlers.pulse_rounds import open_round
from standins.slack import TEAM_ID, RateLimits, SignedRequest, SlackStandIn
from standins.teams import TENANT_ID, TeamsStandIn
from storage.keys import Secrets, generate_key
from storage.store import Store
from surveys.questions import Recall
from surveys.response import validate_answers
from tests.scale.cluster import Cluster, Replica
from tests.slack.conftest import eventually
from tests.teams.conftest import NOT_APP_KEY, card_of

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.filterwarnings(NOT_APP_KEY)]
PEOPLE = 150
RATE = 30.0  # submissions/s through HAProxy: the load lasts 5 s
SIGTERM_AFTER = 1.0  # s into the load


def _leader(cluster: Cluster) -> Replica:
    leads = [r for r in cluster.members if "this replica is the leader" in r.log_text()]
    assert len(leads) == 1, [r.log_text()[-2000:] for r in cluster.members]
    return leads[0]


async def _post(session: aiohttp.ClientSession, url: str, request: SignedRequest) -> int:
    async with session.post(url, data=request.body, headers=request.headers) as got:
        await got.read()
        return got.status


async def _load(url: str, signed: list[SignedRequest]) -> list[int]:
    async with aiohttp.ClientSession() as session:
        tasks = []
        start = time.perf_counter()
        for n, request in enumerate(signed):
            await asyncio.sleep(max(0.0, start + n / RATE - time.perf_counter()))
            tasks.append(asyncio.create_task(_post(session, url, request)))
        return list(await asyncio.gather(*tasks))


async def _drain(
    cluster: Cluster, replica: Replica, straight: SignedRequest
) -> tuple[int, dict[str, Any], float]:
    """SIGTERM `replica`; what its /healthz says straight after, how it answers a request
    sent to it directly while it drains, and its exit."""
    replica.process.send_signal(signal.SIGTERM)
    signalled = time.perf_counter()
    await asyncio.sleep(0.3)
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{replica.base}/healthz") as got:
            health = (got.status, await got.json())
        url = f"{replica.base}/slack/events"
        async with session.post(url, data=straight.body, headers=straight.headers) as got:
            served = (got.status, got.headers.get("Connection", "").lower())
    code = await cluster.stop(replica)
    return code, {"healthz": health, "served": served}, time.perf_counter() - signalled


async def test_answers_survive_a_draining_replica_and_links_work_on_any(
    tmp_path: Path, fresh_postgres_url: str, haproxy: str
) -> None:
    secrets = Secrets(generate_key(), generate_key())
    trust = build_trust(PEOPLE, seed=5)  # the people bench.slack_load.submissions signs for
    slack_edi = trust[0].user_id
    limits = RateLimits(workspace_per_second=5000)
    async with (
        SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack,
        TeamsStandIn(caller_auth="none") as teams,
    ):
        teams_edi = teams.tenant.users[0]
        cluster = Cluster(
            tmp_path, fresh_postgres_url, secrets, slack.base_url, slack.token,
            slack.signing_secret, replicas=2, drain_seconds=4.0, teams=True,
            edi=(f"slack:{TEAM_ID}:{slack_edi}", f"teams:{TENANT_ID}:{teams_edi.aad_object_id}"),
        )  # fmt: skip
        async with cluster:
            store = Store.open(fresh_postgres_url, secrets, mixing_dir=tmp_path / "mixing-keys")
            try:
                await _run(cluster, store, slack, teams, slack_edi, teams_edi.id)
            finally:
                store.close()


async def _run(
    cluster: Cluster,
    store: Store,
    slack: SlackStandIn,
    teams: TeamsStandIn,
    slack_edi: str,
    teams_edi: str,
) -> None:
    a, b = cluster.members
    # The leader syncs the roster when elected; a closed month gives /wres something.
    await eventually(lambda: len(store.roster.audience(platform="slack")) == PEOPLE, 30)
    white = validate_answers(ethnicity="01", staff_group="substantive", answers={"q14a": 1})
    store.import_responses([("2026-02", white)] * 20)
    now = datetime.now(UTC).replace(microsecond=0)
    round_id = open_round(store, period="2026-03", recall=Recall.TWELVE_MONTHS, opens_at=now,
                          closes_at=now + timedelta(days=14), now=now).id  # fmt: skip
    await eventually(lambda: len(slack.messages) >= PEOPLE, 30)  # invitations, by the leader

    await _teams_link_made_on_one_replica_downloads_from_the_other(a, b, teams, teams_edi)
    signed = submissions(slack, round_id, PEOPLE)
    await _replay_refused_on_the_other_replica(a, b, signed.pop())

    straight = signed.pop()  # sent to the draining replica itself, past HAProxy
    leader = _leader(cluster)
    other = b if leader is a else a
    load = asyncio.create_task(_load(f"{cluster.front}/slack/events", signed))
    await asyncio.sleep(SIGTERM_AFTER)
    wres = asyncio.create_task(
        slack.caller.slash_command(
            f"{cluster.front}/slack/events", user=slack_edi, command="/wres", text="2026-02"
        )
    )
    code, said, took = await _drain(cluster, leader, straight)
    statuses = await load
    pulled = await wres
    print(f"\n{len(statuses)} answers through HAProxy, leader drained in {took:.1f} s: "
          f"{said}; statuses {sorted(set(statuses))}")  # fmt: skip
    assert code == 0 and said["healthz"] == (503, {"status": "draining"})
    assert said["served"] == (200, "close")  # still answering, then closing the connection
    assert took >= cluster.drain_seconds
    assert "draining" in leader.log_text() and "Traceback" not in leader.log_text()
    assert statuses == [200] * len(statuses) and pulled.status == 200
    # Every acknowledged answer is stored, once: one participation and one sealed answer
    # per person (the load, the one sent straight to the draining replica, and the one
    # sent twice, whose replay was refused).
    assert store.submissions.count(round_id) == PEOPLE
    assert store.submissions.waiting(round_id) == PEOPLE
    await eventually(lambda: "this replica is the leader" in other.log_text(), 20)
    await eventually(lambda: bool(slack.responses), 10)  # /wres answered, with the report
    assert "blocks" in slack.responses[0].body
    assert store.releases.verify()[1] == [] and store.audit.verify() == []


async def _teams_link_made_on_one_replica_downloads_from_the_other(
    a: Replica, b: Replica, teams: TeamsStandIn, user: str
) -> None:
    for response in await teams.caller.install(f"{a.base}/api/messages", user):
        assert response.status == 202
    said = await teams.caller.send_message(f"{a.base}/api/messages", user, "wres 2026-02")
    assert said.status == 202
    card = card_of(teams.messages_to(user)[-1])
    links = [action["url"] for action in card["actions"]]
    assert links and all(link.startswith(f"{a.base}/reports/") for link in links)
    async with aiohttp.ClientSession() as session:
        for link in links:
            async with session.get(link.replace(a.base, b.base)) as got:
                assert got.status == 200 and len(await got.read()) > 1000


async def _replay_refused_on_the_other_replica(
    a: Replica, b: Replica, request: SignedRequest
) -> None:
    async with aiohttp.ClientSession() as session:
        assert await _post(session, f"{a.base}/slack/events", request) == 200
        assert await _post(session, f"{b.base}/slack/events", request) == 401


async def test_the_release_auditor_takes_turns_across_replicas(
    tmp_path: Path, fresh_postgres_url: str, haproxy: str
) -> None:
    """Reports pulled at the same moment on both replicas: every release is recorded in one
    unbroken history (the auditor's advisory lock), each checked against the ones before."""
    secrets = Secrets(generate_key(), generate_key())
    trust = build_trust(20, seed=5)
    edi = [c.user_id for c in trust[:6]]
    async with SlackStandIn(workspace=workspace_of(trust)) as slack:
        cluster = Cluster(
            tmp_path, fresh_postgres_url, secrets, slack.base_url, slack.token,
            slack.signing_secret, replicas=2, edi=tuple(f"slack:{TEAM_ID}:{u}" for u in edi),
        )  # fmt: skip
        async with cluster:
            store = Store.open(fresh_postgres_url, secrets, mixing_dir=tmp_path / "mixing-keys")
            try:
                rng = random.Random(3)
                for month in ("2026-01", "2026-02"):
                    rows = [validate_answers(ethnicity=rng.choice(["01", "02", "03"]),
                                             staff_group="substantive",
                                             answers={"q14a": rng.choice([1, 2])})
                            for _ in range(40)]  # fmt: skip
                    store.import_responses([(month, row) for row in rows])
                pulls = [
                    slack.caller.slash_command(
                        f"{replica.base}/slack/events", user=user, command="/wres", text=month
                    )
                    for user in edi
                    for replica in cluster.members
                    for month in ("2026-01", "2026-02")
                ]
                answered = await asyncio.gather(*pulls)
                assert {r.status for r in answered} == {200}
                # Each pull answers on its response_url after the ack.
                await eventually(lambda: len(slack.responses) >= len(pulls), 60)
                assert all("blocks" in r.body for r in slack.responses)  # reports, not refusals
                count, problems = store.releases.verify()
                print(f"\n{len(pulls)} simultaneous pulls on 2 replicas: {count} releases")
                assert count == len(pulls) and problems == []  # each pull, one chain
                assert store.audit.verify() == []
            finally:
                store.close()
