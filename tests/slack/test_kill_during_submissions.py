"""kill -9 of the server in the middle of a burst of submissions: every answer that was
acknowledged with a thank-you is in the database, and no answer is half written
(participation without its ciphertext, or the reverse). The writes are batched (group
commit), so this is what says a batch is acknowledged only after its commit."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bot.slack.blocks.pulse_form import pulse_modal
from bot.slack.metadata import FormMetadata
from handlers.identity import Person
from handlers.messages import PulseFormReply, Thanks
from handlers.pulse_rounds import open_round
from handlers.submission import has_taken_part
from standins.slack import TEAM_ID, interactivity_body, payloads, signed_request
from storage.keys import Secrets, generate_key
from storage.store import Store
from surveys.form import pulse_form
from surveys.questions import Recall
from tests.slack.test_pulse_flow import text_of, values

PEOPLE = 300
KILL_AFTER = 60
SECRET = "kill-test-signing-secret"
ROOT = Path(__file__).resolve().parents[2]


def _requests(round_id: str) -> list[tuple[str, bytes, dict[str, str]]]:
    reply = PulseFormReply(round_id, pulse_form(Recall.TWELVE_MONTHS))
    view = {**pulse_modal(reply, metadata=FormMetadata(round_id, "", "").encode()), "id": "V1"}
    signed = []
    for n in range(PEOPLE):
        user = f"UKILL{n:04d}"
        payload = payloads.view_submission(user=user, view=view, values=values(), trigger_id="t")
        body = interactivity_body(payload)
        request = signed_request(SECRET, body, "application/x-www-form-urlencoded")
        signed.append((user, request.body, dict(request.headers)))
    return signed


async def test_every_acknowledged_answer_survives_kill_9(database_url: str, tmp_path: Path) -> None:
    url, mixing = database_url, tmp_path / "mixing-keys"
    secrets = Secrets(generate_key(), generate_key())
    store = Store.open(url, secrets, mixing_dir=mixing)
    store.migrate()
    now = datetime.now(UTC).replace(microsecond=0)
    round_ = open_round(
        store, period="2026-03", recall=Recall.TWELVE_MONTHS, opens_at=now,
        closes_at=now + timedelta(days=14), now=now,
    )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.slack.kill_server", url,
         secrets.master_key.hex(), secrets.pepper.hex(), SECRET, str(mixing)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    assert server.stdout is not None
    port = await asyncio.to_thread(server.stdout.readline)
    endpoint = f"http://127.0.0.1:{port.strip()}/slack/events"
    thanked: list[str] = []

    async def send(
        session: aiohttp.ClientSession, user: str, body: bytes, headers: dict[str, str]
    ) -> None:
        try:
            async with session.post(endpoint, data=body, headers=headers) as res:
                text = await res.text()
        except aiohttp.ClientError:
            return  # the server died first: no acknowledgement, no promise
        if res.status == 200 and Thanks().text in text_of(json.loads(text)):
            thanked.append(user)
            if len(thanked) == KILL_AFTER:
                server.send_signal(signal.SIGKILL)

    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:
            await asyncio.gather(*(send(session, *r) for r in _requests(round_.id)))
    finally:
        server.kill()
        server.wait()
        server.stdout.close()
    print(f"{len(thanked)} acknowledged before the kill took effect")
    assert len(thanked) >= KILL_AFTER
    reopened = Store.open(url, secrets, mixing_dir=mixing)
    missing = [
        u for u in thanked
        if not has_taken_part(reopened, person=Person("slack", TEAM_ID, u), round_id=round_.id)
    ]  # fmt: skip
    assert missing == []
    took_part = reopened.submissions.count(round_.id)
    assert reopened.submissions.waiting(round_.id) == took_part < PEOPLE
    assert reopened.rounds.close(round_.id) == took_part  # every ciphertext opens
    reopened.close()
    store.close()
