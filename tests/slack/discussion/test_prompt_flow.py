"""Compose → scheduled → posted at its time → anonymous reply → queued → approved →
relayed in the thread, all over signed requests and the stand-in Web API."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.ids import ActionId, CallbackId
from tests.slack.conftest import Harness, eventually
from tests.slack.discussion.conftest import (
    CHAIR,
    NETWORK_CHANNEL,
    buttons,
    command,
    compose,
    only_prompt_id,
    opened,
    post_due,
    prompt_posts,
    reply,
    text_of,
    thread_replies,
)

# 09:00 in London on 15 January 2030 is 09:00 UTC (no summer time in January).
AT = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)


async def test_the_compose_modal_labels_every_input_and_lists_only_the_chairs_network(
    harness: Harness,
) -> None:
    await command(harness, CHAIR, "new")
    modal = await opened(harness, 1)
    inputs = [b for b in modal.view["blocks"] if b["type"] == "input"]
    assert all(b["label"]["text"] for b in inputs)
    ids = {b["block_id"] for b in inputs}
    assert {"network", "title", "body", "image_url", "image_alt", "channels", "when"} <= ids
    assert {f"question_{n}" for n in range(1, 6)} <= ids
    [network] = [b for b in inputs if b["block_id"] == "network"]
    assert [o["value"] for o in network["element"]["options"]] == ["bme"]
    [channels] = [b for b in inputs if b["block_id"] == "channels"]
    assert channels["element"]["type"] == "multi_conversations_select"
    modes = [b for b in inputs if b["block_id"] == "reply_mode"][0]["element"]["options"]
    assert [o["value"] for o in modes] == ["relay", "private", "open"]
    assert all(o["description"]["text"] for o in modes)


async def test_a_scheduled_prompt_is_posted_at_its_time_and_an_approved_reply_is_relayed(
    harness: Harness,
) -> None:
    h = harness
    saved = await compose(
        h,
        when="at",
        date="2030-01-15",
        clock="09:00",
        image_url="https://images.nhs.test/belonging.png",
        image_alt="Two nurses talking at a ward station",
    )
    assert saved["response_action"] == "update"
    assert "15 January 2030 at 09:00" in text_of(saved["view"])

    early = await post_due(h, datetime(2030, 1, 15, 8, 59, tzinfo=UTC))
    assert early.posted == 0 and not prompt_posts(h)
    on_time = await post_due(h, AT)
    assert on_time.posted == 1
    [post] = prompt_posts(h)
    assert post.channel == NETWORK_CHANNEL and "Where do you feel you belong?" in post.text
    [image] = [b for b in post.blocks if b["type"] == "image"]
    assert image["alt_text"] == "Two nurses talking at a ward station"
    [button] = buttons({"blocks": post.blocks}, ActionId.REPLY)
    assert button["text"]["text"] == "Reply anonymously"
    assert (await post_due(h, AT)).posted == 0  # a one-off is posted once

    modal, answer = await reply(h, post, "We never talk about this on nights.")
    assert "identify you" in text_of(modal.view)
    assert answer["response_action"] == "update"
    assert answer["view"]["callback_id"] == CallbackId.REPLY_DONE
    assert buttons(answer["view"], ActionId.WITHDRAW)

    await command(h, CHAIR, f"queue {only_prompt_id(h)[:8]}")
    queue = await opened(h, 3)
    assert queue.view["callback_id"] == CallbackId.QUEUE
    assert "We never talk about this on nights." in text_of(queue.view)
    [approve] = buttons(queue.view, ActionId.APPROVE)
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.APPROVE, value=approve["value"], view=queue
    )
    await eventually(lambda: bool(thread_replies(h, post)))
    [relayed] = thread_replies(h, post)
    assert relayed.text == "A colleague said: We never talk about this on nights."
    # Marked relayed just after the post lands: wait for it, as for the post.
    await eventually(lambda: h.store.prompts.counts(only_prompt_id(h)) == {"relayed": 1})
    await eventually(lambda: "posted in the prompt's thread" in text_of(queue.view))


async def test_a_declined_reply_is_never_posted(harness: Harness) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    await reply(h, post, "Not for the thread.")
    await command(h, CHAIR, f"queue {only_prompt_id(h)}")
    queue = await opened(h, 3)
    [decline] = buttons(queue.view, ActionId.DECLINE)
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.DECLINE, value=decline["value"], view=queue
    )
    await eventually(lambda: h.store.prompts.counts(only_prompt_id(h)) == {"declined": 1})
    await eventually(lambda: "declined" in text_of(queue.view))
    assert not thread_replies(h, post)


async def test_an_open_prompt_has_no_reply_button(harness: Harness) -> None:
    h = harness
    await compose(h, mode="open")
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    assert not buttons({"blocks": post.blocks}, ActionId.REPLY)
    assert "thread" in text_of(post.blocks)
