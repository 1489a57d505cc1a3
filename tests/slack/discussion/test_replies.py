"""The author's side: the opt-in two-way answer reaching them by DM, and withdrawal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.slack.ids import ActionId, BlockId, CallbackId
from standins.slack import View, payloads
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.discussion.conftest import (
    CHAIR,
    buttons,
    command,
    compose,
    field,
    only_prompt_id,
    opened,
    post_due,
    prompt_posts,
    reply,
    said,
    text_of,
    thread_replies,
)


async def _posted(h: Harness) -> Any:
    await compose(h)
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    return post


async def _queue(h: Harness, count: int) -> View:
    await command(h, CHAIR, f"queue {only_prompt_id(h)}")
    return await opened(h, count)


async def test_the_chairs_answer_reaches_the_author_by_dm_and_the_chair_is_not_told_who(
    harness: Harness,
) -> None:
    h = harness
    post = await _posted(h)
    modal, _ = await reply(h, post, "Can the network help me with a complaint?", allow=True)
    allow = [b for b in modal.view["blocks"] if b.get("block_id") == BlockId.ALLOW_CHAIR_REPLY]
    assert allow[0]["hint"]["text"] and allow[0]["label"]["text"]
    queue = await _queue(h, 3)
    [answer_button] = buttons(queue.view, ActionId.ANSWER_COLLEAGUE)
    await h.slack.caller.click_button(
        h.url,
        user=CHAIR,
        action_id=ActionId.ANSWER_COLLEAGUE,
        value=answer_button["value"],
        view=queue,
    )
    answer_modal = await opened(h, 4)
    assert answer_modal.view["callback_id"] == CallbackId.ANSWER
    values = {BlockId.ANSWER_TEXT: field(payloads.text_input("Yes. Write to bme@nhs.test."))}
    sent = await h.slack.caller.submit_view(h.url, user=CHAIR, view=answer_modal, values=values)
    confirmation = sent.json()
    assert confirmation["response_action"] == "update"
    assert "not told who they are" in text_of(confirmation["view"])
    assert STAFF_USER not in sent.text
    [dm] = h.slack.messages_to(STAFF_USER)
    assert "Yes. Write to bme@nhs.test." in dm.text and "bme network" in dm.text
    assert "complaint" not in dm.text  # the DM never quotes the reply
    assert not h.slack.messages_to(CHAIR)


async def test_a_reply_without_the_box_ticked_cannot_be_answered(harness: Harness) -> None:
    h = harness
    post = await _posted(h)
    await reply(h, post, "Just saying.")
    queue = await _queue(h, 3)
    assert not buttons(queue.view, ActionId.ANSWER_COLLEAGUE)


async def test_the_author_withdraws_a_pending_reply_from_the_confirmation(harness: Harness) -> None:
    h = harness
    post = await _posted(h)
    modal, answer = await reply(h, post, "I regret writing this.")
    [withdraw] = buttons(answer["view"], ActionId.WITHDRAW)
    shown = {**answer["view"], "id": modal.id}  # Slack shows the ack's view in the same modal
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.WITHDRAW, value=withdraw["value"], view=shown
    )
    await eventually(lambda: "withdrawn" in text_of(h.slack.state.views[modal.id].view))
    assert h.store.prompts.counts(only_prompt_id(h)) == {"withdrawn": 1}
    queue = await _queue(h, 3)
    assert "I regret writing this." not in text_of(queue.view)


async def test_withdrawal_by_code_works_until_the_chair_has_dealt_with_it(harness: Harness) -> None:
    h = harness
    post = await _posted(h)
    _, answer = await reply(h, post, "Approve me.")
    [withdraw] = buttons(answer["view"], ActionId.WITHDRAW)
    assert withdraw["value"] in text_of(answer["view"])  # the code to keep, as text too
    queue = await _queue(h, 3)
    [approve] = buttons(queue.view, ActionId.APPROVE)
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.APPROVE, value=approve["value"], view=queue
    )
    await eventually(lambda: bool(thread_replies(h, post)))
    await command(h, STAFF_USER, f"withdraw {withdraw['value']}")
    assert "can no longer be withdrawn" in await said(h, 1)
    await command(h, STAFF_USER, "withdraw not-a-code")
    assert "does not match any reply" in await said(h, 2)
    await command(h, STAFF_USER, "withdraw")
    assert "Paste the code" in await said(h, 3)
