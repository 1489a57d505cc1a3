"""Compose → scheduled → posted at its time → anonymous reply → queued → approved →
relayed in the thread, all over Teams' protocol; then decline, the two-way answer and
withdrawal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.teams.cards.discussion_ids import ConvCard, ConvInput, ConvKey
from bot.teams.cards.prompt_card import WITHDRAW_FORM
from handlers.discussion.moderation import DECLINED
from handlers.discussion.relay import RELAYED
from handlers.discussion.replies import BAD_CODE, NOT_PENDING, WITHDRAWN
from tests.teams.conftest import NOT_APP_KEY, inputs_of
from tests.teams.discussion.conftest import (
    BME,
    Conv,
    card_id,
    checked,
    dialog_card,
    last_word,
    prompt_id_of,
    submit_data,
)

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


async def reply(
    c: Conv,
    n: int,
    channel_card: dict[str, object],
    text: str,
    *,
    ask: bool = False,
    release: bool = True,
) -> dict[str, Any]:
    """User n presses "Reply anonymously" in the channel: the form opens in a dialog, and
    they send it; the dialog's confirmation. Nothing reaches any chat. `release`: then
    put the reply in the chair's queue, as the minute job does after its random delay."""
    [root] = c.h.teams.channel_posts(c.nursing)
    kept = len(c.h.teams.activities())
    opening = submit_data(channel_card, "Reply anonymously")
    assert opening["msteams"] == {"type": "task/fetch"}
    form = dialog_card(await c.dialog(n, "task/fetch", opening, root=root.id))
    assert card_id(form) == ConvCard.REPLY_FORM
    labels = [i["label"] for i in inputs_of(form)]
    assert labels == ["Your reply", "A reply from the chair"]
    assert "can identify you" in str(form)
    data = {
        **submit_data(form, "Send"),
        ConvInput.REPLY_TEXT: text,
        ConvInput.ALLOW_CHAIR_REPLY: "true" if ask else "false",
    }
    done = dialog_card(await c.dialog(n, "task/submit", data, root=root.id))
    assert len(c.h.teams.activities()) == kept, "no chat keeps any of it"
    if release:
        c.h.store.prompts.release(prompt_id_of(channel_card))
    return done


async def test_compose_schedule_post_reply_approve_and_relay(conv: Conv) -> None:
    c = conv
    form = await c.say(2, "bigconversation new")
    assert all(i.get("label") for i in inputs_of(form)), "every input is labelled"
    [network] = [i for i in inputs_of(form) if i["id"] == "network"]
    assert [ch["value"] for ch in network["choices"]] == [BME], "only the chair's network"
    [channels] = [i for i in inputs_of(form) if i["id"] == "channels"]
    assert {ch["title"] for ch in channels["choices"]} == {"Ward 7 › General", "Ward 7 › Nursing"}

    saved = await c.compose(when="at", when_date="2026-06-03", when_time="09:00")
    assert "will be posted on Wednesday 3 June 2026 at 09:00 (Europe/London)" in str(saved)
    assert (await c.post_due(c.now)).posted == 0
    assert c.h.teams.channel_posts(c.nursing) == []
    assert (await c.post_due(datetime(2026, 6, 3, 7, 59, tzinfo=UTC))).posted == 0
    assert (await c.post_due(datetime(2026, 6, 3, 8, 0, tzinfo=UTC))).posted == 1  # 09:00 BST
    [posted] = c.h.teams.channel_posts(c.nursing)
    channel_card = checked(posted)
    assert card_id(channel_card) == ConvCard.PROMPT
    [image] = [e for e in channel_card["body"] if e["type"] == "Image"]
    assert image["altText"] == "Two nurses talking at a ward station"
    assert "1. What makes a new colleague feel welcome?" in str(channel_card)
    assert c.h.teams.channel_posts(c.general) == [], "only in the chosen channel"

    done = await reply(c, 4, channel_card, "I felt like a guest on nights.")
    assert card_id(done) == ConvCard.REPLY_DONE and "Withdraw my reply" in str(done)
    pid = prompt_id_of(channel_card)
    queue = await c.say(2, f"bigconversation queue {pid}")
    assert card_id(queue) == ConvCard.QUEUE and "I felt like a guest on nights." in str(queue)
    after = await c.click(2, c.last(2), submit_data(queue, "Approve and post in the thread"))
    assert RELAYED in str(after) and "I felt like a guest" not in str(after["body"][2:])
    [relayed] = c.h.teams.thread(c.nursing, posted.id)
    assert relayed.text == "A colleague said: I felt like a guest on nights."
    assert relayed.activity["textFormat"] == "plain"
    [thread_call] = [x for x in c.h.teams.calls("send") if ";messageid=" in x.path]
    assert thread_call.path.endswith(f"{c.nursing};messageid={posted.id}/activities")
    [stored] = c.h.store.prompts.replies(pid, ("relayed",))
    assert stored.text == "I felt like a guest on nights."
    assert c.h.store.audit.verify() == []


async def test_decline_two_way_answer_and_withdrawal(conv: Conv) -> None:
    c = conv
    await c.compose()
    assert (await c.post_due(c.now)).posted == 1
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    pid = prompt_id_of(channel_card)

    await reply(c, 4, channel_card, "Please could someone explain acting-up?", ask=True)
    first = await reply(c, 5, channel_card, "Nobody listens.")
    first_code = str(submit_data(first, "Withdraw my reply")[ConvKey.CODE])
    queue = await c.say(2, f"bigconversation queue {pid}")
    assert "This colleague asked for a reply from the chair." in str(queue)
    [show] = [a for a in str_actions(queue) if a.get("type") == "Action.ShowCard"]
    answer = show["card"]
    [box] = answer["body"]
    assert box["label"].startswith("Your answer")
    data = {**answer["actions"][0]["data"], box["id"]: "Ask your manager for the policy."}
    answered = await c.click(2, c.last(2), data)
    assert "sent to the colleague privately" in str(answered)
    to_author = c.h.teams.messages_to(c.h.user(4))[-1]
    assert to_author.text is not None and "Ask your manager for the policy." in to_author.text
    assert "the BME network answered your anonymous reply" in to_author.text
    assert all("Ask your manager" not in (m.text or "") for m in c.h.teams.messages_to(c.h.user(5)))

    queue = checked(c.last(2))
    declined = await c.click(
        2, c.last(2), submit_data(actions_for(queue, "Nobody listens."), "Decline")
    )
    assert DECLINED in str(declined)
    assert c.h.teams.thread(c.nursing, c.h.teams.channel_posts(c.nursing)[0].id) == []

    done = await reply(c, 5, channel_card, "On second thoughts, I'd rather not say.")
    withdraw = submit_data(done, "Withdraw my reply")
    assert last_word(await c.dialog(5, "task/submit", withdraw)) == WITHDRAWN
    assert c.h.store.prompts.counts(pid).get("pending", 0) == 1  # only user 4's is left
    # A reply the chair has dealt with can no longer be withdrawn: the code of user 5's
    # first reply, typed later into the withdrawal dialog.
    opened = await c.say(5, "bigconversation withdraw")
    assert card_id(opened) == ConvCard.NOTICE
    asked = dialog_card(await c.dialog(5, "task/fetch", submit_data(opened, WITHDRAW_FORM)))
    assert card_id(asked) == ConvCard.WITHDRAW_FORM
    wrong = {**submit_data(asked, "Withdraw"), ConvKey.CODE: "not-a-code"}
    assert BAD_CODE in str(dialog_card(await c.dialog(5, "task/submit", wrong)))
    code = {**submit_data(asked, "Withdraw"), ConvKey.CODE: first_code}
    assert last_word(await c.dialog(5, "task/submit", code)) == NOT_PENDING
    assert ConvKey.CODE not in str(c.h.store.audit.verify())


def actions_for(queue: dict[str, Any], reply_text: str) -> dict[str, Any]:
    """The buttons under one reply in the queue card (replies come in random order)."""
    body = queue["body"]
    at = next(i for i, e in enumerate(body) if e.get("text") == reply_text)
    return next(e for e in body[at:] if e.get("type") == "ActionSet")


def str_actions(card: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for element in card["body"]:  # type: ignore[attr-defined]
        found += element.get("actions", []) if element.get("type") == "ActionSet" else []
    return found
