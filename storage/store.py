"""One object for the use cases: the database, the vault and the repositories, each call
in its own transaction, so a handler never holds a session or sees SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from storage.audit_anchor import AuditAnchor
from storage.bot_channels import BotChannels
from storage.db import Database, serialise
from storage.keys import Secrets
from storage.outbox_store import Outbox
from storage.prompt_store import Prompts
from storage.replay_guard import ReplayGuard
from storage.repositories import (
    audit,
    baselines,
    releases,
    responses,
    retention,
    round_status,
    rounds,
    submissions,
)
from storage.repositories.keyring import Keyring, RotationSummary
from storage.repositories.rounds import RoundInfo, RoundSource
from storage.roster_store import Roster
from storage.vault import Vault
from surveys.questions import Recall
from surveys.report_model import BaselineFigure
from surveys.response import PulseAnswers

CellKey = tuple[str, str, str]


class Rounds:
    def __init__(self, db: Database, keyring: Keyring) -> None:
        self._db, self._keyring = db, keyring

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

    def close(self, round_id: str) -> int:
        """Close the round and flush its buffer, however few answers it holds."""
        return rounds.close_round(self._db, self._keyring, round_id)

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
    def __init__(self, db: Database, keyring: Keyring, k: int) -> None:
        self._db, self._keyring, self._k = db, keyring, k

    def record(self, *, round_id: str, token: bytes, payload: bytes) -> None:
        submissions.record_submission(
            self._db, self._keyring, round_id=round_id, token=token, payload=payload, k=self._k
        )

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


class Releases:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self, period: str, months: frozenset[str], staff_group: str, cells: Mapping[CellKey, int]
    ) -> None:
        with self._db.session() as session:
            releases.record(
                session, period=period, months=months, staff_group=staff_group, cells=cells
            )

    def overlapping(
        self, months: frozenset[str]
    ) -> list[tuple[frozenset[str], dict[CellKey, int]]]:
        with self._db.session() as session:
            found = releases.overlapping(session, months)
        return [(r.months, r.cells) for r in found]


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
        self, new: Secrets, *, progress: Callable[[int], None] | None = None
    ) -> RotationSummary:
        return self._keyring.rotate_master_key(self._db, Vault(new), progress=progress)

    def count(self) -> int:
        """How many data keys a rotation would re-wrap (for a progress bar)."""
        return self._keyring.count_live(self._db)


class Store:
    """The database and the vault behind the use cases."""

    def __init__(
        self, db: Database, vault: Vault, *, k: int = 11, audit_anchor: Path | None = None
    ) -> None:
        self.db = db
        self.vault = vault
        self._keyring = Keyring(vault)
        self.rounds = Rounds(db, self._keyring)
        self.submissions = Submissions(db, self._keyring, k)
        self.responses = Responses(db, self._keyring)
        self.baselines = Baselines(db)
        self.releases = Releases(db)
        anchor = None if audit_anchor is None else AuditAnchor(audit_anchor, vault.audit_key)
        self.audit = Audit(db, vault, anchor)
        self.keyring = KeyringFacade(db, self._keyring)
        self.roster = Roster(db, self._keyring)
        self.outbox = Outbox(db)
        self.replay_guard = ReplayGuard(db)
        self.prompts = Prompts(db, self._keyring)
        self.bot_channels = BotChannels(db)
        self.k = k

    @classmethod
    def open(
        cls, url: str, secrets: Secrets, *, k: int = 11, audit_anchor: Path | None = None
    ) -> Store:
        return cls(Database.connect(url), Vault(secrets), k=k, audit_anchor=audit_anchor)

    def migrate(self) -> None:
        self.db.migrate()

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

    def close(self) -> None:
        self.db.close()
