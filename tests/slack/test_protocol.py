"""What reaches /slack/events unsigned, forged, expired, replayed, malformed, oversized or
unknown is refused with the right status, and changes nothing."""

from __future__ import annotations

import asyncio
import io

import aiohttp

from bot.slack.ids import ActionId
from standins.slack import (
    SignedRequest,
    View,
    expired_timestamp,
    interactivity_body,
    signed_request,
)
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.test_pulse_flow import invite, values


async def _post(url: str, body: bytes | io.BytesIO, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as res,
    ):
        return res.status, await res.text()


async def _modal(h: Harness) -> tuple[str, View]:
    round_id = await invite(h)
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
    )
    await eventually(lambda: bool(h.slack.views_opened))
    return round_id, h.slack.views_opened[0]


async def test_forged_unsigned_and_expired_submissions_get_401_and_record_nothing(
    harness: Harness,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    fresh = await h.slack.caller.submit_view(
        h.url, user="U0000004", view=modal, values=values(), timestamp=expired_timestamp()
    )
    assert fresh.status == 401
    body = fresh.request.body
    forged = await h.slack.caller.post(
        h.url, SignedRequest(body, {**fresh.request.headers, "X-Slack-Signature": "v0=" + "0" * 64})
    )
    assert forged.status == 401
    unsigned = await _post(h.url, body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert unsigned[0] == 401
    assert "Traceback" not in unsigned[1]
    assert h.store.submissions.count(round_id) == 0


async def test_a_replayed_request_gets_401_and_changes_nothing(harness: Harness) -> None:
    h = harness
    round_id, modal = await _modal(h)
    sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
    assert sent.status == 200
    await eventually(lambda: bool(h.slack.calls("chat.update")))
    replay = await h.slack.caller.post(h.url, sent.request)
    assert replay.status == 401
    await asyncio.sleep(0.1)
    assert h.store.submissions.count(round_id) == 1
    assert len(h.slack.calls("chat.update")) == 1


async def test_malformed_payloads_get_400_without_a_trace(harness: Harness) -> None:
    h = harness
    for body in (
        b"payload=%7Bnot-json",
        b"payload=%7B%22user%22%3A%22%FF%22%7D",  # escapes that are not UTF-8
        b"payload=%5B1%5D",  # a JSON list
        interactivity_body({"type": "block_actions"}),
        b"\xff\xfe",
    ):
        answer = await h.slack.caller.post(h.url, _signed(h, body))
        assert answer.status == 400, body
        assert "Traceback" not in answer.text


def _signed(h: Harness, body: bytes) -> SignedRequest:
    return signed_request(h.slack.signing_secret, body, "application/x-www-form-urlencoded")


async def test_an_unknown_action_gets_a_clear_404(harness: Harness) -> None:
    h = harness
    answer = await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id="no_such_button", value="x"
    )
    assert answer.status == 404
    assert answer.json() == {"error": "unknown action"}


async def test_an_oversized_request_gets_413(harness: Harness) -> None:
    h = harness
    body = interactivity_body({"type": "view_submission", "filler": "x" * (1024 * 1024 + 10)})
    request = _signed(h, body)
    status, _ = await _post(h.url, io.BytesIO(body), dict(request.headers))
    assert status == 413


async def test_fifty_concurrent_submissions_of_one_person_store_one_response(
    harness: Harness,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    answers = await asyncio.gather(
        *(
            h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
            for _ in range(50)
        )
    )
    assert all(a.status == 200 for a in answers)
    thanked = [a for a in answers if "Thank you" in a.text]
    assert len(thanked) == 1
    assert h.store.submissions.count(round_id) == 1
    h.store.rounds.close(round_id)
    payloads_, _ = h.store.responses.load_payloads([round_id])
    assert len(payloads_) == 1


async def test_healthz_and_metrics(harness: Harness) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{harness.base}/healthz") as res:
            assert res.status == 200 and (await res.json()) == {"status": "ok"}
        async with session.get(f"{harness.base}/metrics") as res:
            assert res.status == 200
            assert "bigconv_slack_requests_total" in await res.text()
