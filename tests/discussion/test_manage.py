"""Listing, editing, pausing, resuming and deleting: own network only, admins for all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from handlers.discussion import (
    InvalidDraft,
    PostAt,
    PostMonthly,
    PromptList,
    PromptSaved,
    compose_prompt,
    delete_prompt,
    draft_of,
    due_prompts,
    edit_prompt,
    list_prompts,
    pause_prompt,
    resume_prompt,
)
from handlers.messages import Notice, Refusal
from storage.db import Database
from storage.prompt_store import Prompts
from tests.discussion.conftest import NOW, admin, audit_log, chair, draft, posted_prompt, staff


def _compose(prompts: Prompts, network: str = "bme", **changes: object) -> str:
    saved = compose_prompt(
        prompts, requester=admin(), draft=draft(network=network, **changes), now=NOW
    )
    assert isinstance(saved, PromptSaved)
    return saved.prompt_id


def test_a_chair_lists_their_network_and_an_admin_lists_all(prompts: Prompts) -> None:
    bme, intl = _compose(prompts, "bme"), _compose(prompts, "international")
    mine = list_prompts(prompts, requester=chair("bme"))
    everything = list_prompts(prompts, requester=admin())
    assert isinstance(mine, PromptList) and isinstance(everything, PromptList)
    assert [p.prompt_id for p in mine.prompts] == [bme]
    assert {p.prompt_id for p in everything.prompts} == {bme, intl}
    refused = list_prompts(prompts, requester=staff())
    assert isinstance(refused, Refusal) and "Only network chairs" in refused.text


def test_a_chair_of_another_network_cannot_touch_a_prompt(
    prompts: Prompts, database: Database
) -> None:
    prompt_id = _compose(prompts, "bme")
    other = chair("international")
    results = [
        edit_prompt(prompts, requester=other, prompt_id=prompt_id, draft=draft(), now=NOW),
        pause_prompt(prompts, requester=other, prompt_id=prompt_id),
        resume_prompt(prompts, requester=other, prompt_id=prompt_id, now=NOW),
        delete_prompt(prompts, requester=other, prompt_id=prompt_id),
    ]
    assert all(isinstance(r, Refusal) and "own network" in r.text for r in results)
    assert prompts.get(prompt_id).status == "scheduled"
    refusals = [e for e in audit_log(database) if e.action.endswith("refused")]
    assert len(refusals) == 4 and all(prompt_id in e.details for e in refusals)


def test_a_chair_cannot_move_a_prompt_to_another_network(prompts: Prompts) -> None:
    prompt_id = _compose(prompts, "bme")
    moved = draft(network="international")
    result = edit_prompt(prompts, requester=chair(), prompt_id=prompt_id, draft=moved, now=NOW)
    assert isinstance(result, Refusal)
    assert prompts.get(prompt_id).fields.network == "bme"


def test_edit_checks_the_draft_and_saves_it(prompts: Prompts, database: Database) -> None:
    prompt_id = _compose(prompts, when=PostMonthly(5, time(9)))
    info = prompts.get(prompt_id)
    bad = edit_prompt(
        prompts, requester=chair(), prompt_id=prompt_id, draft=draft(title=""), now=NOW
    )
    assert isinstance(bad, InvalidDraft)
    new = draft_of(info)
    changed = edit_prompt(
        prompts,
        requester=chair(),
        prompt_id=prompt_id,
        draft=replace(new, title="Renamed", when=PostMonthly(6, time(9))),
        now=NOW,
    )
    assert isinstance(changed, PromptSaved)
    saved = prompts.get(prompt_id)
    assert saved.fields.title == "Renamed"
    assert saved.fields.next_post_at == datetime(2026, 6, 6, 8, 0, tzinfo=UTC)
    assert "prompt edited" in [e.action for e in audit_log(database)]


def test_pause_resume_delete(prompts: Prompts, database: Database) -> None:
    prompt_id = _compose(prompts)
    assert isinstance(pause_prompt(prompts, requester=chair(), prompt_id=prompt_id), Notice)
    assert due_prompts(prompts, now=NOW) == ()
    again = pause_prompt(prompts, requester=chair(), prompt_id=prompt_id)
    assert isinstance(again, Refusal) and "Only a scheduled prompt" in again.text
    later = NOW + timedelta(hours=1)
    resumed = resume_prompt(prompts, requester=chair(), prompt_id=prompt_id, now=later)
    assert isinstance(resumed, Notice)
    assert [d.card.prompt_id for d in due_prompts(prompts, now=later)] == [prompt_id]
    assert isinstance(delete_prompt(prompts, requester=chair(), prompt_id=prompt_id), Notice)
    assert due_prompts(prompts, now=later) == ()
    gone = pause_prompt(prompts, requester=chair(), prompt_id=prompt_id)
    assert isinstance(gone, Refusal) and "deleted" in gone.text
    actions = [e.action for e in audit_log(database)]
    assert actions[-5:-1] == [
        "prompt paused",
        "pause prompt refused",
        "prompt resumed",
        "prompt deleted",
    ]


def test_a_one_off_whose_time_passed_while_paused_needs_a_new_time(prompts: Prompts) -> None:
    prompt_id = _compose(prompts, when=PostAt(NOW + timedelta(hours=1)))
    pause_prompt(prompts, requester=chair(), prompt_id=prompt_id)
    late = resume_prompt(
        prompts, requester=chair(), prompt_id=prompt_id, now=NOW + timedelta(days=1)
    )
    assert isinstance(late, Refusal) and "Edit it to choose a new time" in late.text


def test_a_posted_one_off_cannot_be_edited(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    result = edit_prompt(prompts, requester=chair(), prompt_id=prompt_id, draft=draft(), now=NOW)
    assert isinstance(result, Refusal) and "already been posted" in result.text


def test_an_unknown_prompt_is_refused_plainly(prompts: Prompts) -> None:
    result = pause_prompt(prompts, requester=admin(), prompt_id="nope")
    assert isinstance(result, Refusal) and "no Big Conversation prompt with id nope" in result.text
