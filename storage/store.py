"""One object for the use cases: the database, the vault and the repositories, each call
in its own transaction, so a handler never holds a session or sees SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from storage.answer_writer import AnswerWriter, Entry, raise_for
from storage.audit_anchor import AuditAnchor
from storage.bot_channels import BotChannels
from storage.db import Database, serialise
from storage.keys import Secrets
from storage.mixing import MixingKeys, default_directory
from storage.outbox_store import Outbox
from storage.padding import ProfileChange
from storage.prompt_store import Prompts
from storage.replay_guard import ReplayGuard
from storage.report_links import ReportLinkStore
from storage.repositories import (
    audit,
    baselines,
    closing,
    release_history,
    responses,
    retention,
    round_status,
    rounds,
    submissions,
)
from storage.repositories.keyring import Keyring, RotationSummary
from storage.repositories.release_history import NewRelease, StoredRelease
from storage.repositories.rounds import RoundInfo, RoundSource
from storage.roster_store import Roster
from storage.vault import Vault
from storage.workforce_store import Workforce
from surveys.questions import Recall
from surveys.release_audit import PastRelease
from surveys.report_model import BaselineFigure
from surveys.response import PulseAnswers

T = TypeVar("T")


class Rounds:
    def __init__(self, db: Database, keyring: Keyring, mixing: MixingKeys) -> None:
        self._db, self._keyring, self._mixing = db, keyring, mixing

    def create(
        self,
        *,
        period: str,
        recall: Recall,
        source: RoundSource = "pulse",
        opens_at: datetime | None = None,
        closes_at: datetime | None = None,
    ) -> RoundInfo:
        with self._db.session() as session:
            return rounds.create_round(
                session,
                self._keyring,
                period=period,
                recall=recall,
                source=source,
                opens_at=opens_at,
                closes_at=closes_at,
            )

    def open_once(
        self, *, period: str, recall: Recall, opens_at: datetime, closes_at: datetime
    ) -> tuple[RoundInfo, bool]:
        """The month's pulse round, created only if it has none (open or closed): one
        round per month, or one person could answer a month twice. Returns (round, new)."""
        with self._db.session() as session:
            # Two openers of one month (the scheduler and an admin) take turns here.
            serialise(session, f"open-round:{period}")
            existing = rounds.list_rounds(session, months=[period], source="pulse")
            if existing:
                return max(existing, key=lambda r: (r.is_open, r.opens_at or opens_at)), False
            created = rounds.create_round(
                session,
                self._keyring,
                period=period,
                recall=recall,
                opens_at=opens_at,
                closes_at=closes_at,
            )
            return created, True

    def get(self, round_id: str) -> RoundInfo:
        with self._db.session() as session:
            return rounds.get_round(session, round_id)

    def close(
        self,
        round_id: str,
        *,
        batch_size: int = closing.DEFAULT_BATCH,
        timings: list[float] | None = None,
    ) -> int:
        """Close the round (or finish a close a crash stopped): its answers move,
        shuffled, under the report key in small transactions, and its mixing key is
        destroyed. Returns how many answers the round holds (RoundAlreadyClosed,
        MixingKeyMissing, MixingKeyWrong and CloseSuperseded say what went wrong).
        `timings` receives each write transaction's duration in seconds."""
        db, keyring, mixing = self._db, self._keyring, self._mixing
        return closing.close_round(
            db, keyring, mixing, round_id, batch_size=batch_size, timings=timings
        )

    def closed_in(self, months: Iterable[str]) -> list[RoundInfo]:
        with self._db.session() as session:
            return rounds.closed_in(session, months)

    def open_months(self, months: Iterable[str]) -> set[str]:
        with self._db.session() as session:
            return rounds.open_months(session, months)

    def open_round_for(self, month: str) -> RoundInfo | None:
        with self._db.session() as session:
            return rounds.open_round_for(session, month)

    def list(self, *, months: Iterable[str] | None = None) -> list[RoundInfo]:
        with self._db.session() as session:
            return rounds.list_rounds(session, months=months)


class Submissions:
    def __init__(self, db: Database, writer: AnswerWriter) -> None:
        self._db, self._writer = db, writer

    def record(
        self,
        *,
        round_id: str,
        token: bytes,
        payload: bytes,
        change: ProfileChange | None = None,
    ) -> None:
        """Commit the participation and the mixed answers (with any profile change,
        applied at close) before returning. Raises AlreadySubmitted (nothing written),
        RoundClosed or UnknownRound. The chat wings batch theirs (handlers.store_calls)."""
        entry = Entry(round_id, token, payload, change)
        raise_for(self._writer.write([entry])[0], round_id)

    def waiting(self, round_id: str) -> int:
        """Answers not yet moved into the report (the round is open)."""
        with self._db.session() as session:
            return submissions.buffered_count(session, round_id)

    def has_participated(self, token: bytes) -> bool:
        with self._db.session() as session:
            return submissions.has_participated(session, token)

    def participated_among(self, round_id: str, tokens: list[bytes]) -> set[bytes]:
        with self._db.session() as session:
            return round_status.participated_among(session, round_id, tokens)

    def count(self, round_id: str) -> int:
        """How many took part in the round: a number, nothing about who."""
        with self._db.session() as session:
            return round_status.participation_count(session, round_id)


class Responses:
    def __init__(self, db: Database, keyring: Keyring) -> None:
        self._db, self._keyring = db, keyring

    def load_payloads(self, round_ids: Iterable[str]) -> tuple[list[bytes], list[str]]:
        return responses.load_payloads(self._db, self._keyring, round_ids)

    def load_by_round(self, round_ids: Iterable[str]) -> list[tuple[str, str, list[bytes]]]:
        """(round id, month, payloads) of each round, decrypted."""
        return responses.load_round_payloads(self._db, self._keyring, round_ids)


class Baselines:
    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, figures: Iterable[BaselineFigure]) -> int:
        with self._db.session() as session:
            return baselines.upsert(session, figures)

    def count_existing(self, figures: Iterable[BaselineFigure]) -> int:
        with self._db.session() as session:
            return baselines.count_existing(session, figures)

    def for_year(self, year: int) -> tuple[BaselineFigure, ...]:
        with self._db.session() as session:
            return baselines.for_year(session, year)

    def latest_year_up_to(self, year: int) -> int | None:
        with self._db.session() as session:
            return baselines.latest_year_up_to(session, year)


@dataclass(frozen=True, slots=True)
class Planned(Generic[T]):
    """What a release step decided: its result, what to record, and what to audit."""

    value: T
    release: NewRelease | None = None
    audit_action: str | None = None
    audit_details: Mapping[str, object] = field(default_factory=dict)


class Releases:
    """The release history. `release` is the only way to record one: history read,
    plan made and release recorded in one transaction under one lock, so two pulls at
    the same moment take turns and the second sees the first."""

    def __init__(self, db: Database, vault: Vault, anchor: AuditAnchor | None = None) -> None:
        self._db, self._vault, self._anchor = db, vault, anchor

    def release(self, actor: str, plan: Callable[[list[PastRelease]], Planned[T]]) -> T:
        entry = None
        with self._db.session() as session:
            # PostgreSQL: an advisory lock held to commit, on every replica. SQLite: the
            # first statement below takes the write lock (BEGIN IMMEDIATE).
            serialise(session, release_history.LOCK)
            history = [r.past() for r in release_history.load(session, self._vault)]
            planned = plan(history)
            details = dict(planned.audit_details)
            if planned.release is not None:
                stored = release_history.append(session, self._vault, planned.release)
                details["release"] = stored.id
            if planned.audit_action is not None:
                entry = audit.append(
                    session, self._vault, actor=actor, action=planned.audit_action,
                    details=details,
                )  # fmt: skip
        if entry is not None and self._anchor is not None:
            self._anchor.record(entry)  # after the commit, as Audit.append does
        return planned.value

    def history(self) -> list[PastRelease]:
        """Every past release (for a preview); raises ReleaseHistoryDamaged."""
        return [r.past() for r in self.stored()]

    def stored(self) -> list[StoredRelease]:
        with self._db.session() as session:
            return release_history.load(session, self._vault)

    def verify(self) -> tuple[int, list[str]]:
        with self._db.session() as session:
            rows = release_history.all_rows(session)
            return len(rows), release_history.problems(rows, self._vault)


class Audit:
    """`anchor`: where each committed entry's head is also written (storage.audit_anchor);
    without one, `verify` checks the chain only."""

    def __init__(self, db: Database, vault: Vault, anchor: AuditAnchor | None = None) -> None:
        self._db, self._vault, self.anchor = db, vault, anchor

    def append(self, *, actor: str, action: str, details: Mapping[str, object]) -> None:
        with self._db.session() as session:
            entry = audit.append(session, self._vault, actor=actor, action=action, details=details)
        if self.anchor is not None:
            self.anchor.record(entry)  # after the commit: never anchor what was rolled back

    def count(self) -> int:
        with self._db.session() as session:
            return audit.count(session)

    def verify(self) -> list[str]:
        with self._db.session() as session:
            problems = audit.verify(session, self._vault)
            entries = audit.list_entries(session) if self.anchor is not None else []
        if self.anchor is not None:
            problems += self.anchor.check(entries)
        return problems


class KeyringFacade:
    def __init__(self, db: Database, keyring: Keyring) -> None:
        self._db, self._keyring = db, keyring

    def rotate(
        self,
        new: Secrets,
        *,
        progress: Callable[[int], None] | None = None,
        shred_round_ids: Sequence[str] = (),
    ) -> RotationSummary:
        """Re-wrap every live data key under `new` (shredding closed rounds first, in
        the same transaction, when asked). Nothing changes unless all of it commits."""
        return self._keyring.rotate_master_key(
            self._db, Vault(new), progress=progress, shred_round_ids=shred_round_ids
        )

    @property
    def secrets(self) -> Secrets:
        """The secrets the data keys are wrapped by now (after any rotation by this
        process, unlike `Store.vault`, which only seals and hashes)."""
        return self._keyring.vault.secrets

    def wrapped_by(self) -> set[str]:
        """The ids of the master keys the live data keys are wrapped by."""
        return self._keyring.master_key_ids(self._db)

    def count(self) -> int:
        """How many data keys a rotation would re-wrap (for a progress bar)."""
        return self._keyring.count_live(self._db)


class Store:
    """The database and the vault behind the use cases."""

    def __init__(
        self,
        db: Database,
        vault: Vault,
        *,
        k: int = 11,
        mixing: MixingKeys | None = None,
        audit_anchor: Path | None = None,
    ) -> None:
        self.db = db
        self.vault = vault
        self._keyring = Keyring(vault)
        self.mixing = mixing or MixingKeys(default_directory(db.engine.url.render_as_string()))
        self.rounds = Rounds(db, self._keyring, self.mixing)
        # The submission write, batched by handlers.store_calls for the chat wings.
        self.answers = AnswerWriter(db, vault, self.mixing)
        self.submissions = Submissions(db, self.answers)
        self.responses = Responses(db, self._keyring)
        self.baselines = Baselines(db)
        anchor = None if audit_anchor is None else AuditAnchor(audit_anchor, vault.audit_key)
        self.releases = Releases(db, vault, anchor)
        self.audit = Audit(db, vault, anchor)
        self.keyring = KeyringFacade(db, self._keyring)
        self.roster = Roster(db, self._keyring)
        self.outbox = Outbox(db)
        self.replay_guard = ReplayGuard(db)
        self.report_links = ReportLinkStore(db, vault)  # any replica serves a link
        self.prompts = Prompts(db, self._keyring, anchor)
        self.bot_channels = BotChannels(db)
        self.workforce = Workforce(db)
        self.k = k

    @classmethod
    def open(
        cls,
        url: str,
        secrets: Secrets,
        *,
        k: int = 11,
        mixing_dir: Path | None = None,
        audit_anchor: Path | None = None,
    ) -> Store:
        """`mixing_dir`: where open rounds' mixing keys live (default: beside a SQLite
        file, or a private directory per database URL)."""
        mixing = None if mixing_dir is None else MixingKeys(mixing_dir)
        return cls(
            Database.connect(url), Vault(secrets), k=k, mixing=mixing, audit_anchor=audit_anchor
        )

    def migrate(self) -> None:
        self.db.migrate(chain_key=self.vault.audit_key)

    def revision(self) -> str | None:
        return self.db.revision()

    def import_responses(
        self,
        rows: Sequence[tuple[str, PulseAnswers]],
        *,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, int]:
        """Store imported answers, all or nothing, in shuffled order."""
        with self.db.session() as session:
            return responses.insert_imported(
                session, self._keyring, [(m, a.to_payload()) for m, a in rows], progress=progress
            )

    def shred_expired(self, *, today: date, months: int) -> list[str]:
        """Crypto-shred the answers of closed rounds older than `months`; their periods."""
        return retention.shred_rounds_older_than(self.db, self._keyring, today=today, months=months)

    def expired_rounds(self, *, today: date, months: int) -> list[tuple[str, str]]:
        """(id, period) of the closed rounds retention shreds next."""
        return retention.expired_rounds(self.db, today=today, months=months)

    def shreds_backups_still_open(self) -> list[str]:
        """Shredded rounds that backups taken before their shred still open with the
        current master key (until the next rotation)."""
        return retention.shreds_backups_still_open(
            self.db, self._keyring.vault.secrets.master_key_id
        )

    def close(self) -> None:
        self.db.close()
