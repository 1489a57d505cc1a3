"""`[conversation]` parses into the queue's pacing, refuses nonsense with a clear message,
and the scheduler's minute job releases held replies through it."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from bot.scheduler import JobContext, release_replies
from bot.settings import ConfigError, ScheduleSettings, queue_pacing, settings_from_mapping
from handlers.discussion import QueuePacing, ReplyAccepted, ReplyRelease, submit_reply
from storage.db import Database
from storage.prompt_store import Prompts
from storage.store import Store
from storage.vault import Vault
from tests.discussion.conftest import NOW, posted_prompt

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_config_and_the_defaults_agree() -> None:
    example = tomllib.loads((ROOT / "config.example.toml").read_text())
    assert queue_pacing(settings_from_mapping(example)) == QueuePacing()
    assert queue_pacing(settings_from_mapping({})) == QueuePacing(2, (10, 40))
    raw = {"conversation": {"queue_batch_size": 3, "queue_delay_minutes": [0, 5]}}
    assert queue_pacing(settings_from_mapping(raw)) == QueuePacing(3, (0, 5))


@pytest.mark.parametrize(
    "bad",
    [
        {"queue_batch_size": 0},
        {"queue_batch_size": "2"},
        {"queue_batch_size": True},
        {"queue_delay_minutes": [40, 10]},
        {"queue_delay_minutes": 10},
        {"queue_delay_minutes": [-1, 10]},
        {"queue_delay_minutes": [1, 2, 3]},
    ],
)
def test_nonsense_is_refused_naming_the_key(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[conversation\] queue_"):
        queue_pacing(settings_from_mapping({"conversation": bad}))


def test_the_minute_job_releases_through_the_pacing(
    database: Database, vault: Vault, prompts: Prompts
) -> None:
    store = Store(database, vault, k=3)
    prompt_id = posted_prompt(prompts)
    for text in ("one", "two"):
        accepted = submit_reply(
            prompts, prompt_id=prompt_id, text=text, allow_chair_reply=False, author=None, now=NOW
        )
        assert isinstance(accepted, ReplyAccepted)
    context = JobContext(store=store, schedule=ScheduleSettings())
    assert release_replies(context, NOW) == 0, "no release configured, nothing moves"
    context.reply_release = ReplyRelease(QueuePacing(2, (5, 5)))
    assert release_replies(context, NOW) == 0
    assert release_replies(context, NOW + timedelta(minutes=5)) == 2
    assert len(store.prompts.replies(prompt_id, ("pending",))) == 2
