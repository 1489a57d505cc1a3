"""The chair's tools: App Home section, starters, list, edit, pause, resume, delete, the
digest on request and the weekly digest DM, and the channel port's failures."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.ids import ActionId, CallbackId, Event
from handlers.discussion import ChannelRef, PromptCard, ReplyMode
from handlers.ports import DeliveryFailed
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.discussion.conftest import (
    CHAIR,
    NETWORK_CHANNEL,
    NO_BOT_CHANNEL,
    buttons,
    command,
    compose,
    compose_values,
    only_prompt_id,
    opened,
    post_due,
    prompt_posts,
    reply,
    said,
    text_of,
)


async def _home(h: Harness, user: str) -> dict[str, object]:
    await h.slack.caller.send_event(
        h.url, {"type": Event.APP_HOME_OPENED, "user": user, "tab": "home"}
    )
    await eventually(lambda: user in h.slack.home_views)
    return h.slack.home_views[user]


async def test_app_home_gives_chairs_compose_and_review_and_staff_neither(harness: Harness) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    await reply(h, prompt_posts(h)[0], "Waiting for review.")
    home = await _home(h, CHAIR)
    [compose_button] = buttons(home, ActionId.COMPOSE)
    [review] = buttons(home, ActionId.OPEN_QUEUE)
    assert review["value"] == only_prompt_id(h) and "1 waiting for you" in text_of(home)
    staff_home = await _home(h, STAFF_USER)
    assert not buttons(staff_home, ActionId.COMPOSE)
    await h.slack.caller.click_button(
        h.url,
        user=CHAIR,
        action_id=ActionId.COMPOSE,
        value=compose_button["value"],
        view={"id": "home"},
    )
    assert (await opened(h, 3)).view["callback_id"] == CallbackId.COMPOSE
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.OPEN_QUEUE, value=review["value"], view={"id": "home"}
    )
    assert "Waiting for review." in text_of((await opened(h, 4)).view)


async def test_a_starter_prefills_the_compose_modal(harness: Harness) -> None:
    h = harness
    await command(h, CHAIR, "starters")
    await eventually(lambda: bool(h.slack.responses))
    starters = h.slack.responses[0].body
    [belonging] = [b for b in buttons(starters, ActionId.USE_STARTER) if b["value"] == "belonging"]
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.USE_STARTER, value=belonging["value"]
    )
    modal = await opened(h, 1)
    [title] = [b for b in modal.view["blocks"] if b.get("block_id") == "title"]
    assert title["element"]["initial_value"] == "Where do you feel you belong at work?"


async def test_list_edit_pause_resume_delete(harness: Harness) -> None:
    h = harness
    await compose(h, when="monthly", day="15", clock="09:00")
    prompt = only_prompt_id(h)
    await command(h, CHAIR, "list")
    assert "Where do you feel you belong?" in text_of(await _response(h, 1))
    await command(h, CHAIR, f"edit {prompt[:8]}")
    modal = await opened(h, 2)
    [day] = [b for b in modal.view["blocks"] if b.get("block_id") == "when_day"]
    assert day["element"]["initial_option"]["value"] == "15"
    edited = compose_values(title="Belonging, again", when="monthly", day="16", clock="10:00")
    sent = await h.slack.caller.submit_view(h.url, user=CHAIR, view=modal, values=edited)
    assert sent.json()["response_action"] == "update"
    assert h.store.prompts.get(prompt).fields.title == "Belonging, again"
    await command(h, CHAIR, f"pause {prompt}")
    assert "is paused" in await said(h, 2)
    assert (await post_due(h, datetime(2031, 1, 20, tzinfo=UTC))).posted == 0
    await command(h, CHAIR, f"resume {prompt}")
    assert "will be posted on" in await said(h, 3)
    await command(h, CHAIR, f"delete {prompt}")
    assert "was deleted" in await said(h, 4)
    assert h.store.prompts.get(prompt).status == "deleted"
    await command(h, CHAIR, "frobnicate")
    assert "/bigconversation help" in await said(h, 5)


async def _response(h: Harness, n: int) -> dict[str, object]:
    await eventually(lambda: len(h.slack.responses) >= n)
    return h.slack.responses[n - 1].body


async def test_digests_on_request_and_weekly_by_dm(harness: Harness) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    await reply(h, prompt_posts(h)[0], "One.")
    await command(h, CHAIR, "digest")
    assert "1 anonymous reply so far; 0 approved, 1 waiting for you" in await said(h, 1)
    assert await h.runtime.send_digests() == 1
    [dm] = h.slack.messages_to(CHAIR)
    assert "digest for the bme network" in dm.text and "One." not in dm.text


async def test_the_channel_port_reports_a_channel_it_cannot_post_in(harness: Harness) -> None:
    h = harness
    card = PromptCard("p1", "bme", "Title", "Body", (), None, None, ReplyMode.RELAY)
    where = ChannelRef("slack", "T0STANDIN", NO_BOT_CHANNEL)
    try:
        await h.runtime.channel_port.post_prompt(where, card)
    except DeliveryFailed as failed:
        assert failed.reason == "not_in_channel" and failed.permanent
    else:
        raise AssertionError("posted in a channel the bot is not in")
    landed = await h.runtime.channel_port.post_prompt(
        ChannelRef("slack", "T0STANDIN", NETWORK_CHANNEL), card
    )
    assert landed["channel"] == NETWORK_CHANNEL and landed["ts"]
