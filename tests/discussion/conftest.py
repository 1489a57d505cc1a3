"""Prompts over each database kind, the people who act on them, and a posted prompt."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.discussion import (
    ChannelRef,
    PostNow,
    PromptDraft,
    PromptSaved,
    ReplyAccepted,
    ReplyMode,
    compose_prompt,
    due_prompts,
    mark_posted,
    submit_reply,
)
from handlers.identity import Person, Requester, Role
from storage.audit_chain import AuditEntry
from storage.db import Database
from storage.prompt_models import PromptReply
from storage.prompt_store import Prompts
from storage.repositories import audit
from storage.repositories.keyring import Keyring
from storage.vault import Vault

WORKSPACE = "T0TEST"
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # a Monday, 11:00 in London
CHANNEL = ChannelRef("slack", WORKSPACE, "C0BME")
OTHER_CHANNEL = ChannelRef("slack", WORKSPACE, "C0ALL")


@pytest.fixture
def prompts(database: Database, vault: Vault) -> Prompts:
    return Prompts(database, Keyring(vault))


def person(user: str) -> Person:
    return Person("slack", WORKSPACE, user)


def chair(network: str = "bme", user: str = "UCHAIR") -> Requester:
    roles = frozenset({Role.STAFF, Role.NETWORK_CHAIR})
    return Requester(person(user), roles, frozenset({network}))


def admin() -> Requester:
    return Requester(person("UADMIN"), frozenset({Role.STAFF, Role.ADMIN}))


def edi() -> Requester:
    return Requester(person("UEDI"), frozenset({Role.STAFF, Role.EDI}))


def staff(user: str = "USTAFF") -> Requester:
    return Requester(person(user), frozenset({Role.STAFF}))


def draft(**changes: object) -> PromptDraft:
    base = PromptDraft(
        title="Where do you feel you belong?",
        body="Talk with your team about belonging.",
        channels=(CHANNEL,),
        when=PostNow(),
        reply_mode=ReplyMode.RELAY,
        network="bme",
        questions=("What makes a colleague feel welcome?", "Who might feel like a guest?"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def posted_prompt(
    prompts: Prompts,
    *,
    mode: ReplyMode = ReplyMode.RELAY,
    channels: tuple[ChannelRef, ...] = (CHANNEL,),
) -> str:
    """A prompt composed by the bme chair and posted in its channels; its id."""
    saved = compose_prompt(
        prompts, requester=chair(), draft=draft(reply_mode=mode, channels=channels), now=NOW
    )
    assert isinstance(saved, PromptSaved), saved
    for due in due_prompts(prompts, now=NOW):
        for channel in due.channels:
            reference = {"channel": channel.channel, "ts": f"1700000000.{len(channel.channel)}"}
            mark_posted(
                prompts, prompt_id=due.card.prompt_id, channel=channel, reference=reference, now=NOW
            )
    return saved.prompt_id


@dataclass(frozen=True)
class Replied:
    """A reply as each side knows it: the author's code, and the chair's queue id (found
    in the queue by its text, as a chair would)."""

    accepted: ReplyAccepted
    queue_id: str

    @property
    def withdraw_code(self) -> str:
        return self.accepted.withdraw_code


def release_all(prompts: Prompts, prompt_id: str) -> int:
    """What the scheduler does once the random delay is over (tests skip the wait)."""
    return prompts.release(prompt_id)


def queue_id_of(prompts: Prompts, prompt_id: str, text: str) -> str:
    found = [r.queue_id for r in prompts.replies(prompt_id, ("pending",)) if r.text == text]
    assert len(found) == 1, f"{text!r} is not in the queue once"
    return found[0]


def row_of(session: Session, queue_id: str) -> PromptReply | None:
    found = select(PromptReply).where(PromptReply.queue_id == queue_id)
    return session.execute(found).scalar_one_or_none()


def reply(
    prompts: Prompts,
    prompt_id: str,
    text: str,
    *,
    author: str | None = None,
    allow: bool = False,
) -> Replied:
    """Submit a reply and release it to the chair's queue at once."""
    result = submit_reply(
        prompts,
        prompt_id=prompt_id,
        text=text,
        allow_chair_reply=allow,
        author=person(author) if author else None,
        now=NOW,
    )
    assert isinstance(result, ReplyAccepted), result
    release_all(prompts, prompt_id)
    return Replied(result, queue_id_of(prompts, prompt_id, text.strip()))


def audit_log(database: Database) -> list[AuditEntry]:
    with database.session() as session:
        return audit.list_entries(session)


def audit_text(database: Database) -> str:
    return "\n".join(
        json.dumps([e.actor, e.action, json.loads(e.details)]) for e in audit_log(database)
    )
