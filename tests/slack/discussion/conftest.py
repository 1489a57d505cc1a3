"""The running server and the Slack stand-in, with two network chairs, for the Big
Conversation; helpers that drive it the way Slack would (signed commands, clicks and
modal submissions) and the scheduler's posting job with a chosen `now`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from aiohttp import web

from bot.settings import RoleSettings, Settings, SlackSettings
from bot.slack.ids import ActionId, BlockId, CallbackId, Command
from bot.slack.wiring import build_slack_runtime
from bot.web.server import build_server
from handlers.discussion.post_due import PostingRun, post_due_prompts
from standins.slack import TEAM_ID, Message, SlackStandIn, View, Workspace, payloads
from storage.store import Store
from tests.slack.conftest import ADMIN_USER, EDI_USER, STAFF_USER, Harness, eventually

CHAIR = "U0000004"  # chairs the bme network
OTHER_CHAIR = "U0000005"  # chairs the international network
NETWORK_CHANNEL = "C0NETWORK"
NO_BOT_CHANNEL = "C0NOBOT00"
__all__ = ["ADMIN_USER", "EDI_USER", "STAFF_USER"]


def chair_settings() -> Settings:
    def actor(user: str) -> str:
        return f"slack:{TEAM_ID}:{user}"

    roles = RoleSettings(
        edi=(actor(EDI_USER),),
        admin=(actor(ADMIN_USER),),
        network_chairs={"bme": (actor(CHAIR),), "international": (actor(OTHER_CHAIR),)},
    )
    return Settings(roles=roles)


@pytest.fixture
async def harness(store: Store, workspace: Workspace) -> AsyncIterator[Harness]:
    async with SlackStandIn(workspace=workspace) as slack:
        config = SlackSettings(api_base_url=slack.base_url)
        runtime = build_slack_runtime(
            store, chair_settings(), config, token=slack.token, signing_secret=slack.signing_secret
        )
        runner = web.AppRunner(
            build_server(store, slack_events=runtime.events.handle), access_log=None
        )
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        base = f"http://{host}:{port}"
        try:
            yield Harness(slack, store, runtime, f"{base}/slack/events", base)
        finally:
            await runner.cleanup()
            await runtime.close()


def field(state: dict[str, Any]) -> dict[str, Any]:
    return {ActionId.FIELD: state}


def compose_values(
    *,
    network: str = "bme",
    title: str = "Where do you feel you belong?",
    body: str = "Talk with your team about belonging.",
    questions: tuple[str, ...] = ("What makes a colleague feel welcome?",),
    channels: tuple[str, ...] = (NETWORK_CHANNEL,),
    when: str = "now",
    date: str | None = None,
    clock: str | None = None,
    day: str | None = None,
    mode: str = "relay",
    image_url: str | None = None,
    image_alt: str | None = None,
) -> dict[str, Any]:
    """state.values as Slack sends them for the compose modal."""
    state: dict[str, Any] = {
        "network": field(payloads.static_select(network)),
        "title": field(payloads.text_input(title)),
        "body": field(payloads.text_input(body)),
        "image_url": field(payloads.text_input(image_url)),
        "image_alt": field(payloads.text_input(image_alt)),
        "channels": field(
            {"type": "multi_conversations_select", "selected_conversations": list(channels)}
        ),
        "when": field(payloads.radio(when)),
        "when_date": field({"type": "datepicker", "selected_date": date}),
        "when_time": field({"type": "timepicker", "selected_time": clock}),
        "when_day": field(
            {"type": "static_select", "selected_option": {"value": day} if day else None}
        ),
        "reply_mode": field(payloads.radio(mode)),
    }
    for n in range(1, 6):
        asked = questions[n - 1] if n <= len(questions) else None
        state[f"question_{n}"] = field(payloads.text_input(asked))
    return state


async def command(h: Harness, user: str, text: str) -> None:
    """/bigconversation TEXT, acknowledged at once (200, empty)."""
    sent = await h.slack.caller.slash_command(
        h.url, user=user, command=Command.BIG_CONVERSATION, text=text
    )
    assert sent.status == 200


async def said(h: Harness, count: int) -> str:
    """The text of the `count`-th private answer on a response_url (1-based)."""
    await eventually(lambda: len(h.slack.responses) >= count)
    return str(h.slack.responses[count - 1].body.get("text", ""))


async def opened(h: Harness, count: int) -> View:
    await eventually(lambda: len(h.slack.views_opened) >= count)
    return h.slack.views_opened[count - 1]


async def compose(h: Harness, user: str = CHAIR, **values: Any) -> dict[str, Any]:
    """Open the compose modal and submit it; the app's answer to the submission."""
    before = len(h.slack.views_opened)
    await command(h, user, "new")
    modal = await opened(h, before + 1)
    assert modal.view["callback_id"] == CallbackId.COMPOSE
    sent = await h.slack.caller.submit_view(
        h.url, user=user, view=modal, values=compose_values(**values)
    )
    assert sent.status == 200
    answer: dict[str, Any] = sent.json()
    return answer


async def post_due(h: Harness, now: datetime) -> PostingRun:
    """The scheduler's post-prompts job, with the time chosen by the test."""
    ports = {"slack": h.runtime.channel_port}
    return await post_due_prompts(h.store, ports, h.runtime.deps.backend.calls, now)


def only_prompt_id(h: Harness) -> str:
    [info] = h.store.prompts.list_prompts()
    return info.id


def prompt_posts(h: Harness) -> list[Message]:
    return [m for m in h.slack.messages_to(NETWORK_CHANNEL) if m.thread_ts is None]


def thread_replies(h: Harness, post: Message) -> list[Message]:
    return [m for m in h.slack.messages_to(post.channel) if m.thread_ts == post.ts]


async def reply(
    h: Harness,
    post: Message,
    text: str,
    *,
    user: str = STAFF_USER,
    allow: bool = False,
    release: bool = True,
) -> tuple[View, dict[str, Any]]:
    """Press "Reply anonymously" on the posted card and send the form; (modal, answer).
    `release`: then put it in the chair's queue at once, as the minute job does once the
    random delay is over (tests do not wait for it)."""
    prompt_id = only_prompt_id(h)
    before = len(h.slack.views_opened)
    await h.slack.caller.click_button(
        h.url,
        user=user,
        action_id=ActionId.REPLY,
        value=prompt_id,
        block_id=BlockId.PROMPT_ACTIONS,
        message=post,
    )
    modal = await opened(h, before + 1)
    assert modal.view["callback_id"] == CallbackId.REPLY
    values: dict[str, Any] = {
        BlockId.REPLY_TEXT: field(payloads.text_input(text)),
        BlockId.ALLOW_CHAIR_REPLY: field(payloads.checkboxes(*(["allow"] if allow else []))),
    }
    sent = await h.slack.caller.submit_view(h.url, user=user, view=modal, values=values)
    assert sent.status == 200
    answer: dict[str, Any] = sent.json()
    if release:
        h.store.prompts.release(prompt_id)
    return modal, answer


def buttons(view: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    found = []
    for block in view.get("blocks", []):
        elements = block.get("elements", []) + (
            [block["accessory"]] if "accessory" in block else []
        )
        found += [e for e in elements if e.get("action_id") == action_id]
    return found


def text_of(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
