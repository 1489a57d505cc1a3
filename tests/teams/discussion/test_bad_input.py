"""Bad input gets a clear message to the person, and nothing is saved or half-posted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.teams.cards.discussion_ids import ConvCard, ConvInput, ConvKey, ConvVerb
from handlers.discussion.replies import DELETED, EMPTY, WITHDRAWN
from storage.keys import Secrets
from storage.prompt_models import PromptReply
from storage.vault import Vault
from tests.teams.conftest import NOT_APP_KEY, inputs_of
from tests.teams.discussion.conftest import Conv, card_id, checked, last_word, submit_data
from tests.teams.discussion.test_prompt_flow import reply

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


def problem_before(card: dict[str, object], text: str, input_id: str) -> None:
    """The problem is written in words, and comes just before its input (both in one
    Container, the input's label and error message naming the problem too)."""
    body = [  # type: ignore[union-attr]
        item
        for e in card["body"]  # type: ignore[attr-defined]
        for item in (e["items"] if e.get("type") == "Container" else [e])
    ]
    ids = [e.get("id") for e in body]  # type: ignore[union-attr]
    said = [i for i, e in enumerate(body) if text in str(e.get("text", ""))]  # type: ignore[union-attr]
    assert said, f"no problem saying {text!r}"
    assert body[said[0]]["text"].startswith("Problem: ")  # type: ignore[index]
    nxt = next(e for e in body[said[0] + 1 :] if not str(e.get("text", "")).startswith("Problem"))  # type: ignore[index, union-attr]
    assert nxt.get("id") == input_id, (ids, input_id)


async def test_past_time_foreign_channel_and_bad_image_are_refused(conv: Conv) -> None:
    c = conv
    elsewhere = c.h.teams.add_team("Estates")  # the bot is not in this team
    refused = await c.compose(
        when="at", when_date="2026-05-31", when_time="09:00",
        channels=elsewhere.id, image_url="javascript:alert(1)",
    )  # fmt: skip
    assert card_id(refused) == ConvCard.COMPOSE and "was not saved" in str(refused)
    problem_before(refused, "has already passed", ConvInput.WHEN)
    problem_before(refused, "The bot is not in the channel", ConvInput.CHANNELS)
    problem_before(refused, "starting with http:// or https://", ConvInput.IMAGE_URL)
    assert "Where do you feel you belong at work?" in str(refused), "what was typed is kept"
    ftp = await c.compose(image_url="ftp://files.example.org/a.png", image_alt="")
    problem_before(ftp, "starting with http:// or https://", ConvInput.IMAGE_URL)
    assert await c.compose(title="") != {} and c.prompt_ids() == []
    no_alt = await c.compose(image_alt="")
    problem_before(no_alt, "alt text", ConvInput.IMAGE_ALT)
    monthly = await c.compose(when="monthly", when_day="31", when_time="09:00")
    problem_before(monthly, "between 1 and 28", ConvInput.WHEN)
    assert c.prompt_ids() == []
    assert (await c.post_due(c.now)).posted == 0
    assert c.h.teams.channel_posts(c.nursing) == [] and c.h.teams.channel_posts(elsewhere.id) == []


async def test_empty_and_oversized_replies_save_nothing(conv: Conv) -> None:
    c = conv
    await c.compose()
    await c.post_due(c.now)
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    [pid] = c.prompt_ids()
    empty = await reply(c, 4, channel_card, "   ")
    assert card_id(empty) == ConvCard.REPLY_FORM and EMPTY in str(empty)
    huge = await reply(c, 4, channel_card, "x" * 2001)
    assert "2001 characters long; keep it to 2000 or fewer" in str(huge)
    # The dialog keeps the draft to shorten: Teams keeps no dialog in any chat's history.
    [box] = [i for i in inputs_of(huge) if i["id"] == ConvInput.REPLY_TEXT]
    assert box["value"] == "x" * 2001
    assert c.h.store.prompts.counts(pid) == {}
    # Posted and then deleted: the dialog says so as its last word, never in the channel.
    await c.say(2, f"bigconversation delete {pid}")
    [root] = c.h.teams.channel_posts(c.nursing)
    opening = submit_data(channel_card, "Reply anonymously")
    gone = await c.dialog(5, "task/fetch", opening, root=root.id)
    assert last_word(gone) == DELETED
    assert c.h.teams.thread(c.nursing, root.id) == []


async def test_a_card_from_before_the_dialogs_gets_a_button_that_opens_one(conv: Conv) -> None:
    """An old channel card's button (an Action.Submit without task/fetch) and an old form
    kept in a personal chat: neither stores anything; each offers the dialog instead."""
    c = conv
    await c.compose()
    await c.post_due(c.now)
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    [pid] = c.prompt_ids()
    [root] = c.h.teams.channel_posts(c.nursing)
    old = {ConvKey.VERB: ConvVerb.REPLY_OPEN, ConvKey.PROMPT: pid}
    before = len(c.h.teams.activities(c.nursing))
    await c.h.teams.caller.submit_card_in_channel(c.h.url, c.h.user(5), c.nursing, old, root.id)
    assert len(c.h.teams.activities(c.nursing)) == before, "nothing is said in the channel"
    offered = checked(c.last(5))
    assert card_id(offered) == ConvCard.REPLY_OPEN
    assert submit_data(offered, "Reply anonymously") == submit_data(
        channel_card, "Reply anonymously"
    )
    old_form = {
        ConvKey.VERB: ConvVerb.REPLY_SUBMIT,
        ConvKey.PROMPT: pid,
        ConvInput.REPLY_TEXT: "typed into a form kept in the chat",
    }
    again = await c.click(5, c.last(5), old_form)
    assert card_id(again) == ConvCard.REPLY_OPEN and c.h.store.prompts.counts(pid) == {}


async def test_withdraw_on_a_confirmation_card_from_before_the_dialogs_still_works(
    conv: Conv, secrets: Secrets
) -> None:
    """Such cards carry the reply's row id and a secret; the code is checked as before."""
    c = conv
    await c.compose()
    await c.post_due(c.now)
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    [pid] = c.prompt_ids()
    await reply(c, 5, channel_card, "An older reply.")
    with c.h.store.db.session() as session:
        [row] = session.scalars(select(PromptReply))
        row.withdraw_token_hash = Vault(secrets).hmac("prompt-withdraw", row.id, "old-secret")
        row_id = row.id
    old = {ConvKey.VERB: ConvVerb.WITHDRAW, "reply_id": row_id, ConvKey.CODE: "old-secret"}
    said = await c.h.teams.caller.submit_card(c.h.url, c.h.user(5), old)
    assert said.status == 202
    assert WITHDRAWN in str(checked(c.last(5)))
    assert c.h.store.prompts.counts(pid) == {"withdrawn": 1}
