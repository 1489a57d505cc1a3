"""Issue 12 for Teams: card submissions while PostgreSQL is down (a private cluster,
stopped fast, as a restart or failover ends every session) get a fast, honest answer, a
new message saying nothing was recorded, within Teams' deadline, the form left in place
with the answers; nothing is written; once the server is back each answer goes in
exactly once. Real Activity JSON to the in-process server's /api/messages."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bot.settings import TeamsSettings
from bot.teams.cards.replies import UNAVAILABLE
from bot.teams.connection import Identity
from bot.teams.ids import DataKey, Verb
from bot.teams.wiring import build_teams_runtime
from handlers.deadline import teams as teams_deadline
from standins.teams import APP_ID, TeamsStandIn
from standins.teams.sdk import connection_manager, trusting_issuer
from storage.db import Database
from storage.keys import Secrets
from storage.store import Store
from storage.vault import Vault
from tests.scale.private_pg import PrivatePostgres
from tests.teams.conftest import NOT_APP_KEY, REGISTERED, Harness, card_of, serve, settings
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

pytestmark = [pytest.mark.postgres, pytest.mark.filterwarnings(NOT_APP_KEY)]
PEOPLE = 3


@pytest.fixture
async def harness(cluster: PrivatePostgres, secrets: Secrets) -> AsyncIterator[Harness]:
    db = Database.connect(cluster.create_database("bigconv"))
    db.migrate()
    store = Store(db, Vault(secrets), k=3)
    async with TeamsStandIn(require_auth=True) as standin:
        with trusting_issuer(standin.jwks_url):
            identity = Identity(
                REGISTERED, connection_manager(REGISTERED, standin.token_url), APP_ID
            )
            runtime = build_teams_runtime(
                store, settings(), TeamsSettings(enabled=True), identity=identity
            )
            runner, base = await serve(store, runtime)
            try:
                yield Harness(standin, store, runtime, f"{base}/api/messages", base)
            finally:
                await runner.cleanup()
                runtime.close()
                db.close()


async def _submit_timed(h: Harness, n: int, round_id: str) -> tuple[int, float]:
    data = {DataKey.VERB: Verb.SUBMIT_PULSE, DataKey.ROUND: round_id, **ANSWERS}
    card_id = h.invitations(n)[-1].id
    sent_at = time.monotonic()
    response = await h.teams.caller.submit_card(h.url, h.user(n), data, card_activity_id=card_id)
    return response.status, time.monotonic() - sent_at


async def test_teams_submissions_during_an_outage_are_told_and_go_in_once_after(
    harness: Harness, cluster: PrivatePostgres
) -> None:
    h = harness
    round_id = await invited(h)
    forms = {n: await start(h, n) for n in range(1, PEOPLE + 1)}
    await asyncio.to_thread(cluster.stop)
    try:
        answers = await asyncio.gather(
            *(_submit_timed(h, n, round_id) for n in range(1, PEOPLE + 1))
        )
    finally:
        await asyncio.to_thread(cluster.start)
    worst = max(took for _, took in answers)
    print(f"during the outage: HTTP {[s for s, _ in answers]}, slowest {worst * 1000:.0f} ms")
    assert worst < teams_deadline(0.0).window
    for n in range(1, PEOPLE + 1):
        told = [m for m in h.teams.messages_to(h.user(n)) if UNAVAILABLE in str(m.activity)]
        assert len(told) == 1  # a new message; the form is still there, answers in it
        assert card_of(h.invitation(n)) == forms[n]
    assert h.store.submissions.count(round_id) == 0
    for n in range(1, PEOPLE + 1):
        await submit(h, n, round_id, ANSWERS)
        assert "recorded anonymously" in str(h.invitation(n).activity)
        await submit(h, n, round_id, ANSWERS)  # a second press changes nothing
    assert h.store.submissions.count(round_id) == PEOPLE
    assert h.store.submissions.waiting(round_id) == PEOPLE
