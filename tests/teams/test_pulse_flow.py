"""A whole pulse over the Teams protocol: install, the proactive invitation, Start, the
form card, submit, the card replaced by "recorded anonymously"; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from bot.teams.ids import CardId, DataKey, InputId, Verb
from standins.teams import TENANT_ID
from surveys.demographics import StaffGroup
from surveys.response import PulseAnswers
from tests.teams.conftest import (
    NOT_APP_KEY,
    Harness,
    assert_valid_card,
    card_of,
    first_id,
    inputs_of,
)

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)

# Answers as the card submits them: choice values are strings, multi-select comma-joined.
ANSWERS = {"ethnicity": "11", "staff_group": "locum", "q14a": "5", "q16a": "1", "q16c": "1,3"}


async def invited(h: Harness) -> str:
    await h.install_all()
    round_ = h.open_round()
    await h.deliver(round_.id)
    return round_.id


async def start(h: Harness, n: int) -> dict[str, Any]:
    invitation = h.invitation(n)
    [action] = card_of(invitation)["actions"]
    response = await h.teams.caller.submit_card(
        h.url, h.user(n), action["data"], card_activity_id=invitation.id
    )
    assert response.status == 202
    return card_of(h.invitation(n))


async def submit(h: Harness, n: int, round_id: str, values: dict[str, str]) -> None:
    data = {DataKey.VERB: Verb.SUBMIT_PULSE, DataKey.ROUND: round_id, **values}
    card_id = h.invitations(n)[-1].id
    response = await h.teams.caller.submit_card(h.url, h.user(n), data, card_activity_id=card_id)
    assert response.status == 202


async def test_install_stores_a_conversation_reference_on_the_roster(harness: Harness) -> None:
    h = harness
    await h.install_all()
    entry = h.store.roster.find(platform="teams", workspace=TENANT_ID, user_id=h.person(1).user_id)
    assert entry is not None and entry.active and entry.delivery is not None
    reference = entry.delivery["reference"]
    assert reference["serviceUrl"] == h.teams.service_url
    assert reference["conversation"]["id"] == h.teams.conversation_id(h.user(1))
    assert reference["user"] == {"id": h.user(1).id, "aadObjectId": h.user(1).aad_object_id}
    assert "name" not in reference["user"]  # no display name kept
    assert len(h.store.roster.audience(platform="teams")) == 5


async def test_invitation_form_and_recorded_anonymously(harness: Harness) -> None:
    h = harness
    round_id = await invited(h)
    assert h.teams.delivered_keys() == {
        f"invite:{round_id}:{e.id}": 1 for e in h.store.roster.audience()
    }
    invitation = h.invitation(1)
    assert invitation.reply_to_id is None  # a plain proactive POST, not a reply
    card = card_of(invitation)
    assert_valid_card(card)
    assert first_id(card) == CardId.INVITATION
    assert card["actions"][0]["data"] == {"verb": Verb.START_PULSE, "round_id": round_id}

    form = await start(h, 1)
    assert_valid_card(form)
    assert first_id(form) == CardId.FORM
    assert [c.route for c in h.teams.calls() if c.route in ("update",)] == ["update"]
    fields = inputs_of(form)
    assert [f["id"] for f in fields[:3]] == ["ethnicity", "staff_group", InputId.REMEMBER]
    assert all(f["label"] and f["isRequired"] is False for f in fields)
    styles = {f["id"]: f.get("style") for f in fields if f["type"] == "Input.ChoiceSet"}
    assert styles["ethnicity"] == "compact" and styles["staff_group"] == "expanded"
    assert form["actions"][0]["data"] == {"verb": Verb.SUBMIT_PULSE, "round_id": round_id}

    await submit(h, 1, round_id, ANSWERS)
    done = h.invitation(1)
    assert_valid_card(card_of(done))
    assert first_id(card_of(done)) == CardId.DONE
    shown = str(done.activity)
    assert "recorded anonymously" in shown
    assert "Bangladeshi" not in shown and "locum" not in shown.lower()  # nothing they chose
    assert len(done.history) == 2  # invitation → form → done, one message throughout
    assert h.store.submissions.count(round_id) == 1


async def test_a_second_submission_is_refused_kindly(harness: Harness) -> None:
    h = harness
    round_id = await invited(h)
    await start(h, 2)
    await submit(h, 2, round_id, ANSWERS)
    await submit(h, 2, round_id, ANSWERS)
    again = card_of(h.invitation(2))
    assert first_id(again) == CardId.NOTICE and "already taken part" in again["body"][0]["text"]
    assert h.store.submissions.count(round_id) == 1


async def test_a_value_not_on_the_card_is_refused_and_nothing_is_saved(harness: Harness) -> None:
    h = harness
    round_id = await invited(h)
    await start(h, 3)
    await submit(h, 3, round_id, {**ANSWERS, "q14a": "42", "ethnicity": "ZZ"})
    card = card_of(h.invitation(3))
    assert_valid_card(card)
    assert first_id(card) == CardId.FORM
    problems = [b["text"] for b in card["body"] if b.get("text", "").startswith("Problem:")]
    assert len(problems) == 2
    assert "ZZ" not in str(card) and all("value" not in f for f in inputs_of(card)[:2])
    assert h.store.submissions.count(round_id) == 0


async def test_remembered_background_is_used_but_never_put_in_the_card(harness: Harness) -> None:
    h = harness
    round_id = await invited(h)
    await start(h, 4)
    await submit(h, 4, round_id, {**ANSWERS, InputId.REMEMBER: "true"})
    entry = h.store.roster.find(platform="teams", workspace=TENANT_ID, user_id=h.person(4).user_id)
    assert entry is not None and not entry.has_profile  # applied at the close, not now
    h.store.rounds.close(round_id)
    entry = h.store.roster.find(platform="teams", workspace=TENANT_ID, user_id=h.person(4).user_id)
    assert entry is not None and entry.has_profile
    reply = await h.teams.caller.send_message(h.url, h.user(4), "my-data")
    assert reply.status == 202
    mine = card_of(h.teams.messages_to(h.user(4))[-1])
    assert "Bangladeshi" in str(mine) and "Locum" in str(mine)
    second = h.open_round("2026-04")
    await h.deliver(second.id)
    invitation = h.invitations(4)[-1]
    [action] = card_of(invitation)["actions"]
    await h.teams.caller.submit_card(
        h.url, h.user(4), action["data"], card_activity_id=invitation.id
    )
    form = card_of(h.invitations(4)[-1])
    assert_valid_card(form)
    assert "Your background answers are remembered" in str(form)
    toggle = next(f for f in inputs_of(form) if f["id"] == InputId.REMEMBER)
    assert toggle["value"] == "true"
    assert all("value" not in f for f in inputs_of(form) if f["type"] == "Input.ChoiceSet")
    await submit(h, 4, second.id, {"q14a": "1", InputId.REMEMBER: "true"})  # background empty
    h.store.rounds.close(second.id)
    payloads, _ = h.store.responses.load_payloads([second.id])
    [answers] = [PulseAnswers.from_payload(p) for p in payloads]
    assert (answers.ethnicity, answers.staff_group) == ("11", StaffGroup.LOCUM)
