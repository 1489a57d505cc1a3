"""A person's pulse end to end over HTTP: invitation DM, Start, modal, submit, DM updated."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.slack.ids import ActionId, BlockId, CallbackId
from handlers.messages import PulseInvitation, Thanks
from standins.slack import TEAM_ID, payloads
from tests.slack.conftest import STAFF_USER, Harness, eventually


def text_of(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def values(**answers: str) -> dict[str, Any]:
    state: dict[str, Any] = {
        "ethnicity": {ActionId.ANSWER: payloads.static_select(answers.pop("ethnicity", "14"))},
        "staff_group": {ActionId.ANSWER: payloads.static_select("bank")},
    }
    for qid, code in (answers or {"q14a": "3", "q15": "1", "q16b": "1"}).items():
        state[qid] = {ActionId.ANSWER: payloads.radio(code)}
    return state


async def invite(h: Harness, user: str = STAFF_USER) -> str:
    await h.sync()
    round_ = h.open_round()
    address = {"user": user, "team": TEAM_ID}
    message = PulseInvitation(round_.id, round_.period, round_.closes_at)
    await h.runtime.port.send_invitation(address, message, idempotency_key=f"invite:{round_.id}")
    return round_.id


async def test_the_invitation_dm_has_a_start_button_and_the_anonymity_line(
    harness: Harness,
) -> None:
    round_id = await invite(harness)
    [dm] = harness.slack.messages_to(STAFF_USER)
    assert dm.delivery_key == f"invite:{round_id}"
    [actions] = [b for b in dm.blocks if b.get("block_id") == BlockId.INVITATION_ACTIONS]
    assert actions["elements"][0]["action_id"] == ActionId.START_PULSE
    assert actions["elements"][0]["value"] == round_id
    assert "anonymously" in text_of(dm.blocks)


async def test_start_opens_the_form_within_the_trigger_window_and_submit_updates_the_dm(
    harness: Harness,
) -> None:
    h = harness
    round_id = await invite(h)
    [dm] = h.slack.messages_to(STAFF_USER)
    clicked_at = time.time()
    click = await h.slack.caller.click_button(
        h.url,
        user=STAFF_USER,
        action_id=ActionId.START_PULSE,
        value=round_id,
        block_id=BlockId.INVITATION_ACTIONS,
        message=dm,
    )
    assert click.status == 200
    await eventually(lambda: bool(h.slack.views_opened))
    [opened] = h.slack.calls("views.open")
    assert opened.at - clicked_at < 3 and opened.response and opened.response["ok"]
    [modal] = h.slack.views_opened
    assert modal.view["callback_id"] == CallbackId.PULSE_FORM
    metadata = json.loads(modal.view["private_metadata"])
    assert metadata == {"round": round_id, "channel": dm.channel, "ts": dm.ts}
    labels = [b["label"]["text"] for b in modal.view["blocks"] if b["type"] == "input"]
    assert labels[:2] == ["What is your ethnic background?", "How are you employed here?"]

    sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
    assert sent.status == 200
    answer = sent.json()
    assert answer["response_action"] == "update"
    assert Thanks().text in text_of(answer["view"])
    await eventually(lambda: bool(h.slack.calls("chat.update")))
    assert dm.text == Thanks().invitation_done and dm.edits
    assert "Bank" not in text_of(dm.blocks) and "bank" not in dm.text

    again = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
    assert "already taken part" in text_of(again.json())


async def test_a_second_start_says_already_taken_part(harness: Harness) -> None:
    h = harness
    round_id = await invite(h)
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
    )
    await eventually(lambda: len(h.slack.views_opened) == 1)
    await h.slack.caller.submit_view(
        h.url, user=STAFF_USER, view=h.slack.views_opened[0], values=values()
    )
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
    )
    await eventually(lambda: len(h.slack.views_opened) == 2)
    second = h.slack.views_opened[1].view
    assert second["callback_id"] == CallbackId.NOTICE
    assert "already taken part" in text_of(second)


async def test_answers_outside_the_choices_come_back_as_errors_on_their_input(
    harness: Harness,
) -> None:
    h = harness
    round_id = await invite(h)
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
    )
    await eventually(lambda: bool(h.slack.views_opened))
    modal = h.slack.views_opened[0]
    bad = await h.slack.caller.submit_view(
        h.url, user=STAFF_USER, view=modal, values=values(q14a="42", ethnicity="x" * 5000)
    )
    answer = bad.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"q14a", "ethnicity"}
    grounds_without_yes = values(q16a="2", q16b="2")
    grounds_without_yes["q16c"] = {ActionId.ANSWER: payloads.checkboxes("1")}
    refused = await h.slack.caller.submit_view(
        h.url, user=STAFF_USER, view=modal, values=grounds_without_yes
    )
    assert refused.json()["response_action"] == "errors"
    assert "q16c" in refused.json()["errors"]
