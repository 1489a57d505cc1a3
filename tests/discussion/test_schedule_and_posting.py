"""Monthly prompts fall on the same London wall-clock time all year (DST-correct in UTC);
posting is per channel, moves the schedule on only when every channel has the prompt,
and never posts a channel twice."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from handlers.discussion import (
    PostAt,
    PostMonthly,
    PromptSaved,
    ReplyMode,
    compose_prompt,
    due_prompts,
    mark_posted,
)
from handlers.discussion.schedule import first_post_at, next_monthly
from storage.prompt_store import Prompts
from tests.discussion.conftest import CHANNEL, NOW, OTHER_CHANNEL, chair, draft


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # 15th at 09:00 London: GMT in winter, BST (UTC+1) in summer.
        (datetime(2026, 1, 20, tzinfo=UTC), datetime(2026, 2, 15, 9, 0, tzinfo=UTC)),
        (datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 15, 8, 0, tzinfo=UTC)),
        (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 15, 8, 0, tzinfo=UTC)),
        (datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 15, 9, 0, tzinfo=UTC)),
        (datetime(2026, 12, 20, tzinfo=UTC), datetime(2027, 1, 15, 9, 0, tzinfo=UTC)),
    ],
)
def test_monthly_times_follow_london_summer_time(after: datetime, expected: datetime) -> None:
    assert next_monthly(15, time(9, 0), "Europe/London", after=after) == expected


def test_a_local_time_skipped_by_the_clocks_is_posted_an_hour_later() -> None:
    # 25 March 2029 is the last Sunday of March: 01:30 London does not exist that day.
    got = next_monthly(25, time(1, 30), "Europe/London", after=datetime(2029, 3, 1, tzinfo=UTC))
    assert got == datetime(2029, 3, 25, 1, 30, tzinfo=UTC)  # 02:30 BST


def test_todays_occurrence_counts_when_its_time_is_still_ahead() -> None:
    monthly = PostMonthly(1, time(11, 0))  # NOW is 11:00 London on the 1st
    assert first_post_at(monthly, now=NOW) == NOW
    assert first_post_at(PostMonthly(1, time(10, 59)), now=NOW) == datetime(
        2026, 7, 1, 9, 59, tzinfo=UTC
    )


def _compose(prompts: Prompts, **changes: object) -> str:
    saved = compose_prompt(prompts, requester=chair(), draft=draft(**changes), now=NOW)
    assert isinstance(saved, PromptSaved), saved
    return saved.prompt_id


def _post_all(prompts: Prompts, now: datetime) -> list[tuple[str, str]]:
    posted = []
    for due in due_prompts(prompts, now=now):
        for channel in due.channels:
            ref = {"channel": channel.channel, "ts": now.isoformat()}
            mark_posted(
                prompts, prompt_id=due.card.prompt_id, channel=channel, reference=ref, now=now
            )
            posted.append((due.card.prompt_id, channel.channel))
    return posted


def test_a_monthly_prompt_is_posted_each_month_at_the_london_time(prompts: Prompts) -> None:
    prompt_id = _compose(
        prompts, when=PostMonthly(28, time(9, 30)), channels=(CHANNEL, OTHER_CHANNEL)
    )
    summer = datetime(2026, 6, 28, 8, 30, tzinfo=UTC)
    assert prompts.get(prompt_id).fields.next_post_at == summer
    assert due_prompts(prompts, now=summer.replace(minute=29)) == ()
    assert _post_all(prompts, summer) == [(prompt_id, "C0BME"), (prompt_id, "C0ALL")]
    assert prompts.get(prompt_id).status == "scheduled"
    assert prompts.get(prompt_id).fields.next_post_at == datetime(2026, 7, 28, 8, 30, tzinfo=UTC)
    for _ in range(4):  # July .. October
        _post_all(prompts, prompts.get(prompt_id).fields.next_post_at or NOW)
    winter = prompts.get(prompt_id).fields.next_post_at
    assert winter == datetime(2026, 11, 28, 9, 30, tzinfo=UTC)  # GMT again
    months = {p.posted_month for p in prompts.latest_posts(prompt_id)}
    assert months == {"2026-10"}


def test_a_half_posted_prompt_posts_only_the_missing_channel(prompts: Prompts) -> None:
    at = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    prompt_id = _compose(prompts, when=PostAt(at), channels=(CHANNEL, OTHER_CHANNEL))
    [due] = due_prompts(prompts, now=at)
    ref = {"ts": "1"}
    mark_posted(prompts, prompt_id=prompt_id, channel=CHANNEL, reference=ref, now=at)
    mark_posted(prompts, prompt_id=prompt_id, channel=CHANNEL, reference=ref, now=at)  # again
    [again] = due_prompts(prompts, now=at)  # the worker crashed before the second channel
    assert again.channels == (OTHER_CHANNEL,)
    mark_posted(prompts, prompt_id=prompt_id, channel=OTHER_CHANNEL, reference=ref, now=at)
    assert due_prompts(prompts, now=at) == ()
    assert prompts.get(prompt_id).status == "posted"
    assert prompts.get(prompt_id).fields.next_post_at is None


def test_the_card_says_reply_anonymously_except_in_open_mode(prompts: Prompts) -> None:
    _compose(prompts, reply_mode=ReplyMode.RELAY, title="Relay")
    _compose(prompts, reply_mode=ReplyMode.OPEN, title="Open")
    cards = {d.card.title: d.card for d in due_prompts(prompts, now=NOW)}
    assert cards["Relay"].reply_label == "Reply anonymously"
    assert cards["Relay"].warning.startswith("Anything you write can identify you")
    assert cards["Relay"].questions == draft().questions
    assert cards["Open"].reply_label is None
