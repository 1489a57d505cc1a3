"""Bad input gets a clear message to the person, and nothing is saved or half-posted."""

from __future__ import annotations

import pytest

from bot.teams.cards.conversation_ids import ConvCard, ConvInput
from handlers.conversation.replies import DELETED, EMPTY
from tests.teams.conftest import NOT_APP_KEY
from tests.teams.conversation.conftest import Conv, card_id, checked, submit_data
from tests.teams.conversation.test_prompt_flow import reply

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
    assert "x" * 50 not in str(huge), "the form comes back blank, not holding the text"
    assert c.h.store.prompts.counts(pid) == {}
    # Posted and then deleted: the button says so privately, never in the channel.
    await c.say(2, f"bigconversation delete {pid}")
    gone = await reply_click(c, 5, channel_card)
    assert DELETED in str(gone)
    [root] = c.h.teams.channel_posts(c.nursing)
    assert c.h.teams.thread(c.nursing, root.id) == []


async def reply_click(c: Conv, n: int, channel_card: dict[str, object]) -> dict[str, object]:
    [root] = c.h.teams.channel_posts(c.nursing)
    data = submit_data(channel_card, "Reply anonymously")
    await c.h.teams.caller.submit_card_in_channel(c.h.url, c.h.user(n), c.nursing, data, root.id)
    return checked(c.last(n))
