"""Two real `bigconv serve` replicas on one PostgreSQL database, each with a mixing key
directory of its own (hosts that do not share `[keys] mixing_key_dir`, issue 12): the one
without the round's key says so at start, and a Slack submission it receives is asked to
try again, nothing written, while the other replica records answers as usual."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from bench.slack_load import submissions
from bot.demo.population import build_trust
from bot.demo.slack_round import workspace_of
from bot.settings.loading import load_settings
from bot.store_opening import open_store
from standins.slack import SignedRequest, SlackStandIn
from storage.mixing import MixingKeys
from storage.store import Store
from surveys.response import PulseAnswers
from tests.scale.fanout import env_for, seed_round
from tests.scale.serve_procs import Replica, Replicas

pytestmark = pytest.mark.postgres
PEOPLE = 4
SHARED = "[keys] mixing_key_dir must be one directory shared between replicas"


async def _submit(replica: Replica, request: SignedRequest) -> dict[str, object]:
    async with aiohttp.ClientSession() as session:
        url = f"{replica.url}/slack/events"
        async with session.post(url, data=request.body, headers=request.headers) as res:
            assert res.status == 200
            answer: dict[str, object] = json.loads(await res.text())
            return answer


async def test_a_replica_without_the_rounds_key_refuses_and_says_why(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    async with SlackStandIn(workspace=workspace_of(build_trust(PEOPLE, seed=5))) as slack:
        replicas = Replicas(
            tmp_path, fresh_postgres_url, slack.base_url, env_for(slack), count=2,
            own_mixing_dirs=True,
        )  # fmt: skip
        round_id = await seed_round(replicas.shared_config(), slack)
        seeded = open_store(load_settings(replicas.shared_config()))
        # One answer already sealed by r0's host, under the key in r0's directory.
        on_r0 = Store(seeded.db, seeded.vault, mixing=MixingKeys(replicas.mixing_dir("r0")))
        payload = PulseAnswers(ethnicity="01", staff_group=None, answers={"q14a": 1})
        on_r0.submissions.record(round_id=round_id, token=bytes(32), payload=payload.to_payload())
        try:
            await replicas.start()
            r0, r1 = replicas.replicas
            await replicas.wait_for(lambda: len(slack.messages) >= PEOPLE, 60)  # invitations
            # Start-up lines reach us through r1's stderr, read by another task.
            await replicas.wait_for(lambda: any("is missing here" in x for _, x in r1.lines), 10)
            said_r1 = "\n".join(line for _, line in r1.lines)
            assert "is missing here" in said_r1 and SHARED in said_r1
            assert str(replicas.mixing_dir("r1")) in said_r1
            assert SHARED not in "\n".join(line for _, line in r0.lines)

            first, second, third = submissions(slack, round_id, PEOPLE)[:3]
            refused = await _submit(r1, first)
            assert refused["response_action"] == "errors"  # the form stays open: try again
            assert "again" in json.dumps(refused["errors"]).lower()
            assert seeded.submissions.waiting(round_id) == 1  # nothing of it was written
            assert seeded.submissions.count(round_id) == 1
            # The refusal's ERROR reaches us through r1's stderr, read by another task.
            await replicas.wait_for(
                lambda: sum(SHARED in line and "ERROR" in line for _, line in r1.lines) >= 2, 10
            )
            assert (await _submit(r0, second))["response_action"] == "update"  # thanks
            assert (await _submit(r0, third))["response_action"] == "update"
            assert seeded.submissions.waiting(round_id) == 3
            assert on_r0.rounds.close(round_id) == 3  # all under the one key, r0's
        finally:
            await replicas.close()
            seeded.close()
