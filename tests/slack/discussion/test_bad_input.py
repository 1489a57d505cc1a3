"""Bad input gets a clear message on the input concerned, and nothing is saved or posted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack.ids import BlockId
from tests.slack.conftest import Harness
from tests.slack.discussion.conftest import (
    NO_BOT_CHANNEL,
    compose,
    only_prompt_id,
    post_due,
    prompt_posts,
    reply,
)

BAD_DRAFTS: list[tuple[dict[str, Any], str, str]] = [
    ({"when": "at", "date": "2020-01-06", "clock": "09:00"}, "when", "has already passed"),
    ({"channels": (NO_BOT_CHANNEL,)}, "channels", f"not in the channel {NO_BOT_CHANNEL}"),
    ({"channels": ()}, "channels", "Choose at least one channel"),
    ({"image_url": "javascript:alert(1)", "image_alt": "x"}, "image_url", "http:// or https://"),
    ({"image_url": "ftp://files.nhs.test/a.png", "image_alt": "x"}, "image_url", "https://"),
    ({"image_url": "https://img.nhs.test/a.png"}, "image_alt", "screen reader"),
    ({"title": "  "}, "title", "Give the prompt a title"),
    ({"when": "at", "clock": "09:00"}, "when_date", "Choose the date"),
    ({"when": "monthly", "clock": "09:00"}, "when_day", "day of the month"),
]


@pytest.mark.parametrize(("values", "block", "message"), BAD_DRAFTS)
async def test_a_bad_draft_is_refused_on_its_input_and_nothing_is_saved_or_posted(
    harness: Harness, values: dict[str, Any], block: str, message: str
) -> None:
    h = harness
    answer = await compose(h, **values)
    assert answer["response_action"] == "errors"
    assert message in answer["errors"][block]
    assert not h.store.prompts.list_prompts()
    await post_due(h, datetime.now(UTC))
    assert not h.slack.calls("chat.postMessage")


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Your reply is empty"), ("x" * 2001, "2001 characters long")],
)
async def test_an_empty_or_oversized_reply_is_refused_and_not_stored(
    harness: Harness, text: str, message: str
) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    _, answer = await reply(h, post, text)
    assert answer["response_action"] == "errors"
    assert message in answer["errors"][BlockId.REPLY_TEXT]
    assert h.store.prompts.counts(only_prompt_id(h)) == {}
    assert len(h.slack.calls("chat.postMessage")) == 1  # the prompt only
