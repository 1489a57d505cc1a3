"""The chair's queue: approve (relay or keep), decline, answer the colleague who asked;
every action audited with actor, action and prompt, never the text or the author."""

from __future__ import annotations

from discussion import RefusalReason, RelayReference
from handlers.discussion import (
    DirectInstruction,
    ModerationQueue,
    RelayInstruction,
    ReplyMode,
    approve,
    chair_reply,
    compose_prompt,
    decline,
    mark_relayed,
    queue,
)
from handlers.discussion.access import Refused
from handlers.discussion.cards import PromptSaved
from handlers.messages import Notice, Refusal
from storage.db import Database
from storage.prompt_store import Prompts
from tests.discussion.conftest import (
    CHANNEL,
    NOW,
    OTHER_CHANNEL,
    admin,
    audit_log,
    audit_text,
    chair,
    draft,
    edi,
    posted_prompt,
    reply,
)

TEXT = "ZQXREPLYMARK our rota never gives us the training days"


def test_the_queue_shows_pending_replies_with_months_only(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    asked = reply(prompts, prompt_id, TEXT, author="U1", allow=True)
    reply(prompts, prompt_id, "another view", author="U2")
    shown = queue(prompts, requester=chair(), prompt_id=prompt_id)
    assert isinstance(shown, ModerationQueue)
    assert sorted(r.text for r in shown.replies) == sorted([TEXT, "another view"])
    assert {r.month for r in shown.replies} == {"2026-06"}
    assert [r.asked_for_reply for r in shown.replies if r.queue_id == asked.queue_id] == [True]


def test_others_cannot_see_or_moderate_the_queue(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    accepted = reply(prompts, prompt_id, TEXT)
    for requester in (chair("international"), edi()):
        assert isinstance(queue(prompts, requester=requester, prompt_id=prompt_id), Refusal)
        assert isinstance(
            approve(prompts, requester=requester, queue_id=accepted.queue_id), Refusal
        )
        assert isinstance(
            decline(prompts, requester=requester, queue_id=accepted.queue_id), Refusal
        )
        answer = chair_reply(prompts, requester=requester, queue_id=accepted.queue_id, text="hi")
        assert isinstance(answer, Refusal)
    assert prompts.reply(accepted.queue_id).status == "pending"


def test_approve_relays_into_every_thread_then_is_marked_relayed(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts, channels=(CHANNEL, OTHER_CHANNEL))
    accepted = reply(prompts, prompt_id, TEXT)
    relay = approve(prompts, requester=chair(), queue_id=accepted.queue_id)
    assert isinstance(relay, RelayInstruction)
    assert relay.text == f"A colleague said: {TEXT}"
    assert [t.channel for t in relay.threads] == sorted([CHANNEL, OTHER_CHANNEL])
    assert all(t.reference["ts"].startswith("1700000000.") for t in relay.threads)
    twice = approve(prompts, requester=chair(), queue_id=accepted.queue_id)
    assert isinstance(twice, Refusal) and "already dealt with" in twice.text
    landed = RelayReference(({"channel": CHANNEL.channel, "ts": "1700000001.0"},))
    assert mark_relayed(prompts, queue_id=accepted.queue_id, reference=landed)
    assert prompts.reply(accepted.queue_id).status == "relayed"
    assert prompts.relayed_to(accepted.queue_id) == landed


def test_approve_in_private_mode_keeps_the_reply(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts, mode=ReplyMode.PRIVATE)
    accepted = reply(prompts, prompt_id, TEXT)
    kept = approve(prompts, requester=admin(), queue_id=accepted.queue_id)
    assert isinstance(kept, Notice) and "Only you and the EDI team" in kept.text
    assert prompts.reply(accepted.queue_id).status == "approved"


def test_a_reply_to_a_prompt_not_yet_posted_cannot_be_relayed(prompts: Prompts) -> None:
    saved = compose_prompt(prompts, requester=chair(), draft=draft(), now=NOW)
    assert isinstance(saved, PromptSaved)
    accepted = reply(prompts, saved.prompt_id, TEXT)
    result = approve(prompts, requester=chair(), queue_id=accepted.queue_id)
    assert isinstance(result, Refusal) and "not been posted yet" in result.text
    assert prompts.reply(accepted.queue_id).status == "pending"


def test_decline(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    accepted = reply(prompts, prompt_id, TEXT)
    assert isinstance(decline(prompts, requester=chair(), queue_id=accepted.queue_id), Notice)
    assert prompts.reply(accepted.queue_id).status == "declined"
    assert isinstance(approve(prompts, requester=chair(), queue_id=accepted.queue_id), Refusal)
    landed = RelayReference(({"ts": "1"},))
    assert not mark_relayed(prompts, queue_id=accepted.queue_id, reference=landed)


def test_the_chairs_answer_reaches_the_author_who_asked(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    reply(prompts, prompt_id, "decoy", author="U0DECOY", allow=True)
    asked = reply(prompts, prompt_id, TEXT, author="U0AUTHOR", allow=True)
    answer = chair_reply(prompts, requester=chair(), queue_id=asked.queue_id, text="Thank you.")
    assert isinstance(answer, DirectInstruction)
    assert dict(answer.address) == {"platform": "slack", "workspace": "T0TEST", "user": "U0AUTHOR"}
    assert answer.text.endswith("Thank you.") and TEXT not in answer.text
    assert "U0AUTHOR" not in repr(answer)
    assert "not told who they are" in answer.confirmation


def test_no_handle_no_answer(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    unticked = reply(prompts, prompt_id, TEXT, author="U0AUTHOR", allow=False)
    answer = chair_reply(prompts, requester=chair(), queue_id=unticked.queue_id, text="Hi")
    # Told apart by its reason; the words are for the chair.
    assert answer == Refused(
        "This colleague did not ask for a reply.", RefusalReason.NO_REPLY_WANTED
    )
    empty = chair_reply(prompts, requester=chair(), queue_id=unticked.queue_id, text=" ")
    assert isinstance(empty, Refusal) and "empty" in empty.text


def test_every_action_is_audited_without_text_or_author(
    prompts: Prompts, database: Database
) -> None:
    prompt_id = posted_prompt(prompts)
    one = reply(prompts, prompt_id, TEXT, author="U0AUTHOR", allow=True)
    two = reply(prompts, prompt_id, TEXT + " two", author="U0OTHER")
    queue(prompts, requester=chair(), prompt_id=prompt_id)
    approve(prompts, requester=chair(), queue_id=one.queue_id)
    chair_reply(prompts, requester=chair(), queue_id=one.queue_id, text="ZQXANSWER")
    decline(prompts, requester=chair(), queue_id=two.queue_id)
    entries = audit_log(database)
    assert [e.action for e in entries] == [
        "prompt composed",
        "replies viewed",
        "reply approved",
        "reply answered",
        "reply declined",
    ]
    assert all(prompt_id in e.details for e in entries)
    logged = audit_text(database)
    for secret in ("ZQXREPLYMARK", "ZQXANSWER", "U0AUTHOR", "U0OTHER", one.queue_id, two.queue_id):
        assert secret not in logged


def test_a_relay_reference_stored_before_it_was_one_shape_is_still_read() -> None:
    # Teams stored the first landing itself; Slack stored {"posts": [...]}.
    teams_then = {"conversation": "19:a@thread.tacv2", "thread": "1", "activity": "2"}
    assert RelayReference.from_json(teams_then).posts == (teams_then,)
    slack = {"posts": [{"channel": "C1", "ts": "1.0"}, {"channel": "C2", "ts": "2.0"}]}
    assert RelayReference.from_json(slack).to_json() == slack
    assert RelayReference.from_json(None).posts == ()
