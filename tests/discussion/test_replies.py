"""Replying and withdrawing: bad replies get a clear message and store nothing; the
author can withdraw while the reply is pending and not after the chair dealt with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.discussion import (
    ModerationQueue,
    RelayInstruction,
    ReplyForm,
    ReplyMode,
    approve,
    delete_prompt,
    queue,
    reply_form,
    submit_reply,
    withdraw_reply,
)
from handlers.messages import Notice, Refusal
from storage.db import Database
from storage.prompt_models import PromptReply
from storage.prompt_store import Prompts
from storage.vault import Vault
from tests.discussion.conftest import NOW, chair, posted_prompt, reply, row_of


def _stored(database: Database) -> int:
    with database.session() as session:
        return int(session.execute(select(func.count()).select_from(PromptReply)).scalar_one())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Your reply is empty"),
        (" \n\t ", "Your reply is empty"),
        ("x" * 2001, "2001 characters long; keep it to 2000 or fewer. Nothing was saved."),
    ],
    ids=["empty", "whitespace", "oversized"],
)
def test_a_bad_reply_is_refused_and_nothing_stored(
    prompts: Prompts, database: Database, text: str, message: str
) -> None:
    prompt_id = posted_prompt(prompts)
    result = submit_reply(
        prompts, prompt_id=prompt_id, text=text, allow_chair_reply=False, author=None, now=NOW
    )
    assert isinstance(result, Refusal) and message in result.text
    assert _stored(database) == 0


def test_exactly_2000_characters_is_accepted(prompts: Prompts) -> None:
    reply(prompts, posted_prompt(prompts), "y" * 2000)


def test_open_deleted_and_unknown_prompts_take_no_replies(
    prompts: Prompts, database: Database
) -> None:
    open_id = posted_prompt(prompts, mode=ReplyMode.OPEN)
    deleted_id = posted_prompt(prompts)
    delete_prompt(prompts, requester=chair(), prompt_id=deleted_id)
    expected = {open_id: "does not take anonymous", deleted_id: "was deleted", "x": "no longer"}
    for prompt_id, message in expected.items():
        result = submit_reply(
            prompts,
            prompt_id=prompt_id,
            text="hello",
            allow_chair_reply=False,
            author=None,
            now=NOW,
        )
        assert isinstance(result, Refusal) and message in result.text
        form = reply_form(prompts, prompt_id=prompt_id)
        assert isinstance(form, Refusal)
    assert _stored(database) == 0


def test_the_form_warns_that_text_can_identify(prompts: Prompts) -> None:
    form = reply_form(prompts, prompt_id=posted_prompt(prompts))
    assert isinstance(form, ReplyForm)
    assert form.warning == (
        "Anything you write can identify you — names, places, dates or a way of writing. "
        "Leave those out if you want to stay anonymous."
    )
    assert form.allow_chair_reply_label == "Let the chair reply to me anonymously"


def test_ticking_the_box_without_an_author_stores_nothing(
    prompts: Prompts, database: Database
) -> None:
    result = submit_reply(
        prompts,
        prompt_id=posted_prompt(prompts),
        text="hello",
        allow_chair_reply=True,
        author=None,
        now=NOW,
    )
    assert isinstance(result, Refusal) and _stored(database) == 0


def test_withdraw_while_pending_erases_the_reply(prompts: Prompts, database: Database) -> None:
    prompt_id = posted_prompt(prompts)
    accepted = reply(prompts, prompt_id, "please take this back", author="U1", allow=True)
    assert "withdraw_code" not in repr(accepted)  # the code is never in a log line
    wrong = withdraw_reply(prompts, withdraw_code="guess")
    assert isinstance(wrong, Refusal) and "does not match" in wrong.text
    done = withdraw_reply(prompts, withdraw_code=accepted.withdraw_code)
    assert isinstance(done, Notice) and "withdrawn" in done.text
    with database.session() as session:
        row = row_of(session, accepted.queue_id)
        assert row is not None and row.status == "withdrawn"
        assert row.ciphertext == b"" and row.handle_ciphertext is None
    pending = queue(prompts, requester=chair(), prompt_id=prompt_id)
    assert isinstance(pending, ModerationQueue) and pending.replies == ()
    again = withdraw_reply(prompts, withdraw_code=accepted.withdraw_code)
    assert isinstance(again, Refusal)


def test_withdraw_after_approval_is_refused(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    accepted = reply(prompts, prompt_id, "a fair point")
    assert isinstance(
        approve(prompts, requester=chair(), queue_id=accepted.queue_id), RelayInstruction
    )
    late = withdraw_reply(prompts, withdraw_code=accepted.withdraw_code)
    assert isinstance(late, Refusal) and "already dealt with" in late.text


def test_a_code_only_withdraws_its_own_reply(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    first, second = reply(prompts, prompt_id, "one"), reply(prompts, prompt_id, "two")
    # The chair's queue id is no withdrawal code: the two sides share nothing.
    assert isinstance(withdraw_reply(prompts, withdraw_code=second.queue_id), Refusal)
    assert second.queue_id not in second.withdraw_code
    done = withdraw_reply(prompts, withdraw_code=first.withdraw_code)
    assert isinstance(done, Notice)
    assert prompts.reply(first.queue_id).status == "withdrawn"
    assert prompts.reply(second.queue_id).status == "pending"


def test_a_code_handed_out_before_the_upgrade_still_withdraws(
    prompts: Prompts, database: Database, vault: Vault
) -> None:
    """Codes given before 0007 were "reply id:secret", checked against the old HMAC."""
    prompt_id = posted_prompt(prompts)
    kept = reply(prompts, prompt_id, "an older reply")
    with database.session() as session:
        row = row_of(session, kept.queue_id)
        assert row is not None
        row.withdraw_token_hash = vault.hmac("prompt-withdraw", row.id, "old-secret")
        old_code = f"{row.id}:old-secret"
    assert isinstance(withdraw_reply(prompts, withdraw_code=f"{old_code}x"), Refusal)
    assert isinstance(withdraw_reply(prompts, withdraw_code=old_code), Notice)
    assert prompts.reply(kept.queue_id).status == "withdrawn"
    too_long = withdraw_reply(prompts, withdraw_code="x" * 500)
    assert isinstance(too_long, Refusal) and "does not match" in too_long.text
