"""`Prompts`: Big Conversation prompts and their anonymous replies behind the use cases.

One transaction per call. A call that changes something on a chair's behalf takes an
`AuditNote` and appends it in the same transaction, so the change and its audit entry
are committed together or not at all. Submitting and withdrawing a reply are never
audited: an entry would put a time (and an actor) next to a reply.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from discussion.model import (
    ChannelRef,
    PostInfo,
    PromptFields,
    PromptInfo,
    PromptStatus,
    RelayReference,
    ReplyStatus,
    WithdrawOutcome,
)
from storage.audit_anchor import AuditAnchor
from storage.db import Database
from storage.prompt_models import Prompt
from storage.repositories import audit, prompt_posts, prompts, replies
from storage.repositories.keyring import Keyring
from storage.repositories.replies import ReplyView

SHORT_ID_MIN = 6  # characters of a prompt id that pick it out (the lists show 8)


@dataclass(frozen=True, slots=True)
class AuditNote:
    """Who did what to which prompt. Never reply text, never a reply's author."""

    actor: str
    action: str
    details: Mapping[str, object] = field(default_factory=dict)


class Prompts:
    def __init__(self, db: Database, keyring: Keyring, anchor: AuditAnchor | None = None) -> None:
        self._db, self._keyring, self.anchor = db, keyring, anchor

    def _note(self, session: Session, note: AuditNote | None) -> None:
        if note is not None:
            entry = audit.append(
                session,
                self._keyring.vault,
                actor=note.actor,
                action=note.action,
                details=note.details,
            )
            anchor = self.anchor
            if anchor is not None:  # after the commit: never anchor what was rolled back
                event.listen(session, "after_commit", lambda _: anchor.record(entry), once=True)

    def audit(self, note: AuditNote) -> None:
        """An audit entry on its own (a refusal, a queue viewed, an export)."""
        with self._db.session() as session:
            self._note(session, note)

    # -- prompts ------------------------------------------------------------------------

    def create(
        self, fields: PromptFields, *, created_by: str, now: datetime, note: AuditNote
    ) -> PromptInfo:
        with self._db.session() as session:
            info = prompts.create_prompt(
                session, self._keyring, fields, created_by=created_by, now=now
            )
            self._note(
                session, AuditNote(note.actor, note.action, {**note.details, "prompt": info.id})
            )
            return info

    def expand_id(self, given: str) -> str:
        """The whole id of the one prompt whose id starts with `given` (the short ids
        the lists show); `given` unchanged when none or several do."""
        if len(given) < SHORT_ID_MIN or len(given) >= 36:
            return given
        with self._db.session() as session:
            found = (
                session.execute(
                    select(Prompt.id)
                    .where(Prompt.id.startswith(given.lower(), autoescape=True))
                    .limit(2)
                )
                .scalars()
                .all()
            )
        return found[0] if len(found) == 1 else given

    def get(self, prompt_id: str) -> PromptInfo:
        with self._db.session() as session:
            return prompts.info_of(prompts.row_of(session, prompt_id))

    def list_prompts(self, *, networks: Iterable[str] | None = None) -> list[PromptInfo]:
        """Prompts not deleted; of `networks` only, when given."""
        with self._db.session() as session:
            return prompts.list_prompts(session, networks=networks)

    def update(self, prompt_id: str, fields: PromptFields, *, note: AuditNote) -> PromptInfo:
        with self._db.session() as session:
            info = prompts.update_prompt(session, prompt_id, fields)
            self._note(session, note)
            return info

    def set_status(
        self,
        prompt_id: str,
        status: PromptStatus,
        *,
        next_post_at: datetime | None,
        note: AuditNote,
    ) -> PromptInfo:
        with self._db.session() as session:
            info = prompts.set_status(session, prompt_id, status, next_post_at=next_post_at)
            self._note(session, note)
            return info

    def due(self, now: datetime) -> list[tuple[PromptInfo, tuple[ChannelRef, ...]]]:
        with self._db.session() as session:
            return prompt_posts.due(session, now)

    def record_post(
        self,
        prompt_id: str,
        channel: ChannelRef,
        reference: Mapping[str, Any],
        *,
        now: datetime,
        following: Callable[[PromptInfo], datetime | None],
    ) -> PromptInfo:
        with self._db.session() as session:
            return prompt_posts.record_post(
                session, prompt_id, channel, dict(reference), now=now, following=following
            )

    def latest_posts(self, prompt_id: str) -> list[PostInfo]:
        with self._db.session() as session:
            return prompt_posts.latest_posts(session, prompt_id)

    # -- replies ------------------------------------------------------------------------

    def add_reply(
        self, *, prompt_id: str, text: str, handle: Mapping[str, str] | None, month: str
    ) -> tuple[str, str]:
        """(row id, withdrawal code). The row id is for tests and is shown to nobody; the
        reply is held back from the queue until `release`. No audit entry, no log line."""
        with self._db.session() as session:
            added = replies.add_reply(
                session, self._keyring, prompt_id=prompt_id, text=text, handle=handle, month=month
            )
        if self._db.is_postgres:
            self._db.vacuum_tables("prompt_replies")  # drop the versions in arrival order
        return added

    def withdraw(self, code: str) -> WithdrawOutcome:
        with self._db.session() as session:
            outcome = replies.withdraw(session, self._keyring.vault, code)
        if outcome is WithdrawOutcome.WITHDRAWN:
            # PostgreSQL keeps the old row version, SQLite's WAL the old page, until now.
            self._db.vacuum_tables("prompt_replies")
        return outcome

    def held_counts(self) -> dict[str, int]:
        """Per prompt, how many replies wait to be released to the chair's queue."""
        with self._db.session() as session:
            return replies.held_counts(session)

    def release(self, prompt_id: str) -> int:
        """Release the prompt's held replies to its queue, shuffled, with fresh queue ids."""
        with self._db.session() as session:
            released = replies.release(session, prompt_id)
        if released:
            self._db.vacuum_tables("prompt_replies")  # drop the "held" row versions
        return released

    def replies(self, prompt_id: str, statuses: Collection[ReplyStatus]) -> list[ReplyView]:
        with self._db.session() as session:
            return replies.load_replies(session, self._keyring, prompt_id, statuses)

    def reply(self, queue_id: str) -> ReplyView:
        with self._db.session() as session:
            return replies.reply_of(session, self._keyring, queue_id)

    def transition(
        self,
        queue_id: str,
        *,
        allowed: Collection[ReplyStatus],
        to: ReplyStatus,
        note: AuditNote,
    ) -> bool:
        """Move a reply from one of `allowed` to `to`, audited; False if it was not in one."""
        with self._db.session() as session:
            moved = replies.transition(session, queue_id, allowed, to)
            if moved:
                self._note(session, note)
            return moved

    def open_handle(self, queue_id: str, *, note: AuditNote) -> dict[str, str] | None:
        """The sealed address of the author, for the bot's DM only; audited when opened."""
        with self._db.session() as session:
            address = replies.open_handle(session, self._keyring, queue_id)
            if address is not None:
                self._note(session, note)
            return address

    def mark_relayed(self, queue_id: str, reference: RelayReference) -> bool:
        with self._db.session() as session:
            return replies.mark_relayed(session, queue_id, reference)

    def relayed_to(self, queue_id: str) -> RelayReference:
        with self._db.session() as session:
            return replies.relayed_to(session, queue_id)

    def counts(self, prompt_id: str) -> dict[str, int]:
        with self._db.session() as session:
            return replies.counts(session, prompt_id)
