"""Slack calling a real slack-bolt AsyncApp over HTTP, and the app calling back the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import ManualClock, SlackStandIn, expired_timestamp, payloads

MODAL = {
    "type": "modal",
    "callback_id": "pulse",
    "private_metadata": "round-7",
    "title": {"type": "plain_text", "text": "Pulse"},
    "submit": {"type": "plain_text", "text": "Submit"},
    "blocks": [],
}


async def _eventually(condition: Callable[[], bool]) -> None:
    """Bolt acknowledges first and finishes a listener afterwards, so wait for its effect."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


@pytest.fixture
async def app_url(slack: SlackStandIn, clock: ManualClock) -> AsyncIterator[tuple[str, list[Any]]]:
    """A bolt app with a few listeners on an ephemeral port; yields its URL and what it saw."""
    seen: list[Any] = []
    client = AsyncWebClient(token=slack.token, base_url=slack.base_url)
    app = AsyncApp(client=client, signing_secret=slack.signing_secret)

    @app.action("start_pulse")
    async def start(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.action("slow_start")
    async def slow_start(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        clock.advance(3)  # work that takes as long as Slack's trigger_id lives
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=MODAL)
        except SlackApiError as exc:
            seen.append(exc.response["error"])

    @app.view("pulse")
    async def submitted(ack: AsyncAck, view: dict[str, Any]) -> None:
        seen.append((view["private_metadata"], view["state"]["values"]))
        await ack(response_action="clear")

    @app.command("/bigconversation")
    async def command(ack: AsyncAck, respond: AsyncRespond, command: dict[str, str]) -> None:
        await ack()
        await respond(f"You said {command['text']}")

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    runner = web.AppRunner(app.web_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/slack/events", seen
    await runner.cleanup()


async def test_url_verification_echoes_the_challenge(
    slack: SlackStandIn, app_url: tuple[str, list[Any]]
) -> None:
    response = await slack.caller.verify_url(app_url[0], "c-123")
    assert response.status == 200 and response.json() == {"challenge": "c-123"}


async def test_a_click_opens_a_modal_and_the_submission_reaches_the_app(
    slack: SlackStandIn, app_url: tuple[str, list[Any]]
) -> None:
    url, seen = app_url
    clicked = await slack.caller.click_button(
        url, user="U0000001", action_id="start_pulse", value="round-7"
    )
    assert clicked.status == 200
    await _eventually(lambda: bool(slack.views_opened))
    [modal] = slack.views_opened
    assert modal.user == "U0000001"
    values = {"q1": {"answer": payloads.radio("yes")}}
    submitted = await slack.caller.submit_view(url, user="U0000001", view=modal, values=values)
    assert submitted.json() == {"response_action": "clear"}
    assert seen == [("round-7", values)]


async def test_a_slash_command_answer_arrives_at_the_response_url(
    slack: SlackStandIn, app_url: tuple[str, list[Any]]
) -> None:
    response = await slack.caller.slash_command(
        app_url[0], user="U0000002", command="/bigconversation", text="hello"
    )
    assert response.status == 200
    await _eventually(lambda: bool(slack.responses))
    [posted] = slack.responses
    assert posted.body["text"] == "You said hello"
    assert posted.url.startswith(slack.base_url.removesuffix("/api/"))


async def test_an_event_makes_the_app_publish_a_home_tab(
    slack: SlackStandIn, app_url: tuple[str, list[Any]]
) -> None:
    event = {"type": "app_home_opened", "user": "U0000003", "channel": "DU0000003", "tab": "home"}
    response = await slack.caller.send_event(app_url[0], event)
    assert response.status == 200
    await _eventually(lambda: "U0000003" in slack.home_views)
    assert slack.home_views["U0000003"] == {"type": "home", "blocks": []}


async def test_expired_and_tampered_requests_are_refused_and_a_replay_is_byte_identical(
    slack: SlackStandIn, app_url: tuple[str, list[Any]]
) -> None:
    url = app_url[0]
    old = await slack.caller.slash_command(
        url, user="U0000002", command="/bigconversation", timestamp=expired_timestamp()
    )
    assert old.status == 401
    fresh = await slack.caller.slash_command(url, user="U0000002", command="/bigconversation")
    tampered = await slack.caller.post(url, fresh.request.tampered(fresh.request.body + b"&x=1"))
    assert tampered.status == 401
    replay = await slack.caller.post(url, fresh.request)
    # bolt accepts a replay inside the five-minute window; deduplication is the app's job.
    assert replay.status == 200 and replay.request == fresh.request
    await _eventually(lambda: len(slack.responses) == 2)


async def test_an_app_that_opens_its_modal_too_late_is_refused(
    slack: SlackStandIn, clock: ManualClock, app_url: tuple[str, list[Any]]
) -> None:
    url, seen = app_url
    await slack.caller.click_button(url, user="U0000001", action_id="slow_start", value="r")
    await _eventually(lambda: bool(seen))
    assert seen == ["expired_trigger_id"] and slack.views_opened == []


async def test_a_response_url_takes_five_posts(slack: SlackStandIn) -> None:
    url = slack.caller.new_response_url()
    async with aiohttp.ClientSession() as session:
        statuses = []
        for n in range(6):
            async with session.post(url, json={"text": f"update {n}"}) as res:
                statuses.append(res.status)
        async with session.post(slack.caller.new_response_url(), data=b"not json") as res:
            assert res.status == 400
    assert statuses == [200] * 5 + [404]
    assert [r.body["text"] for r in slack.responses] == [f"update {n}" for n in range(5)]
