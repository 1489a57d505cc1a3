"""The scheduler's minute job releases held replies through the queue's pacing (parsing
`[conversation]` is tested in tests/settings/test_conversation.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.background.scheduler import JobContext, release_replies
from bot.settings import ScheduleSettings
from handlers.discussion import QueuePacing, ReplyAccepted, ReplyRelease, submit_reply
from storage.db import Database
from storage.prompt_store import Prompts
from storage.store import Store
from storage.vault import Vault
from tests.discussion.conftest import NOW, posted_prompt

ROOT = Path(__file__).resolve().parents[2]


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
