"""Finding one's way in Teams: help that names what this person may use, the chair's
list in words with short ids, Delete that asks first, radio answers that can be undone,
network names as staff say them, and compose problems tied to their inputs."""

from __future__ import annotations

from typing import Any

import pytest

from bot.teams.cards.compose_form import compose_card
from bot.teams.cards.prompt_lists import prompt_list_card
from bot.teams.cards.pulse_form import SKIP_LABEL, choice_set
from bot.teams.form_values import SKIP_VALUE, read_card
from handlers.commands import TYPED_COMMANDS
from handlers.discussion import Problem, PromptList, PromptSummary, ReplyMode
from handlers.discussion.cards import friendly_network
from handlers.identity import Person, Requester, Role
from handlers.role_help import role_help
from surveys.form import pulse_form
from tests.teams.conftest import NOT_APP_KEY, Harness, assert_valid_card, card_of

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
PERSON = Person("teams", "t", "u")


async def _help_for(h: Harness, n: int) -> str:
    response = await h.teams.caller.send_message(h.url, h.user(n), "help")
    assert response.status == 202
    return str(card_of(h.teams.messages_to(h.user(n))[-1]))


async def test_help_names_wres_to_the_edi_team_only(harness: Harness) -> None:
    edi, staff = await _help_for(harness, 1), await _help_for(harness, 2)
    assert "wres \\\\[period\\\\]" in edi and "my-data" in edi  # escaped for Markdown
    assert "wres" not in staff and "bigconversation" not in staff and "my-data" in staff


def test_help_names_bigconversation_to_chairs() -> None:
    chair = Requester(PERSON, frozenset({Role.NETWORK_CHAIR}), frozenset({"bme"}))
    said = role_help(chair, TYPED_COMMANDS, "bigconversation")
    assert "bigconversation help" in said and "you chair bme" in said and "wres" not in said
    assert role_help(Requester(PERSON), TYPED_COMMANDS, "bigconversation") == ""


def _summary(**changes: Any) -> PromptSummary:
    fields: dict[str, Any] = {
        "prompt_id": "0123abcd-1111-2222-3333-444455556666",
        "network": "bme",
        "title": "Belonging",
        "status": "scheduled",
        "schedule": "monthly",
        "reply_mode": ReplyMode.RELAY,
        "next_post_at": None,
    }
    fields.update(changes)
    return PromptSummary(**fields)


def test_the_chairs_list_speaks_plainly_and_delete_asks_first() -> None:
    made = prompt_list_card(PromptList((_summary(),), "Your prompts"))
    assert_valid_card(made)
    facts = {f["title"]: f["value"] for e in made["body"] if e["type"] == "FactSet"
             for f in e["facts"]}  # fmt: skip
    assert facts["Id"] == "0123abcd"
    assert "approve" in facts["Anonymous replies"] and "relay" not in facts["Anonymous replies"]
    actions = [a for e in made["body"] if e["type"] == "ActionSet" for a in e["actions"]]
    [delete] = [a for a in actions if a["title"] == "Delete"]
    assert delete["type"] == "Action.ShowCard"  # one click shows the question, no more
    [confirm] = delete["card"]["actions"]
    assert confirm["title"] == "Yes, delete it" and confirm["data"]["verb"] == "bc_delete"


def test_a_radio_answer_can_be_taken_back() -> None:
    form = pulse_form()
    single = next(f for f in form.fields if not f.multiple)
    element = choice_set(single)
    assert element["choices"][-1] == {"title": SKIP_LABEL, "value": SKIP_VALUE}
    raw, _ = read_card({single.id: SKIP_VALUE}, form)
    assert raw == read_card({}, form)[0]  # the same as never choosing


def test_network_names_as_staff_say_them() -> None:
    assert friendly_network("bme") == "BME" and friendly_network("armed-forces") == "Armed Forces"


def test_compose_problems_sit_with_their_inputs() -> None:
    made = compose_card({}, networks=["bme"], channels=[], problems=[Problem("title", "Too long")])
    [box] = [e for e in made["body"] if e["type"] == "Container"]
    [field] = [i for i in box["items"] if i["type"].startswith("Input.")]
    assert "Too long" in field["label"] and field["errorMessage"] == "Too long"
