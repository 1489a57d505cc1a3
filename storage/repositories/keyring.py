"""Data keys: one per round (and one for remembered profiles), wrapped by the master key.

Destroying a data key crypto-shreds everything sealed under it, backups included:
that is how retention is enforced without rewriting rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, select, text, update
from sqlalchemy.orm import Session

from storage.db import Database
from storage.errors import (
    MasterKeyReplaced,
    RotationFailed,
    RoundStillOpen,
    ShreddedKey,
    UnknownKey,
    UnknownRound,
)
from storage.faults import crash_point
from storage.models import DataKey, Participation, Round
from storage.vault import Vault, rewrap_all

Executor = Session | Connection


@dataclass(frozen=True, slots=True)
class RotationSummary:
    rewrapped: int
    shredded_skipped: int
    old_master_key_id: str
    new_master_key_id: str


class Keyring:
    """Creates, unwraps (once, then cached) and destroys data keys."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._ciphers: dict[str, AESGCM] = {}
        self._lock = threading.Lock()

    def create(self, session: Session, key_id: str, *, now: datetime | None = None) -> AESGCM:
        """Store a new wrapped data key under `key_id` and return its cipher."""
        plaintext, wrapped = self.vault.new_data_key(key_id)
        month = (now or datetime.now(UTC)).strftime("%Y-%m")
        session.add(
            DataKey(
                key_id=key_id,
                wrapped=wrapped,
                master_key_id=self.vault.secrets.master_key_id,
                created_month=month,
                shredded=False,
            )
        )
        session.flush()
        self._check_current(session)
        cipher = self.vault.cipher_for(key_id, plaintext)
        with self._lock:
            self._ciphers[key_id] = cipher
        return cipher

    def _check_current(self, session: Session) -> None:
        # After the insert, so a rotation that committed meanwhile is seen (it locks the
        # table on PostgreSQL; SQLite writers queue): a key wrapped by a retired master
        # key would be lost with it, so this transaction rolls back instead.
        mine = self.vault.secrets.master_key_id
        other = session.execute(
            select(DataKey.key_id)
            .where(DataKey.wrapped.is_not(None), DataKey.master_key_id != mine)
            .limit(1)
        ).first()
        if other is not None:
            raise MasterKeyReplaced()

    def cipher(self, executor: Executor, key_id: str) -> AESGCM:
        """The cipher of a data key; ShreddedKey once it has been destroyed."""
        with self._lock:
            cached = self._ciphers.get(key_id)
        if cached is not None:
            return cached
        row = executor.execute(
            select(DataKey.wrapped, DataKey.master_key_id, DataKey.shredded).where(
                DataKey.key_id == key_id
            )
        ).one_or_none()
        if row is None:
            raise UnknownKey(key_id)
        wrapped, master_key_id, shredded = row
        if shredded or wrapped is None:
            raise ShreddedKey(key_id)
        cipher = self.vault.cipher_for(key_id, self.vault.unwrap(key_id, wrapped, master_key_id))
        with self._lock:
            self._ciphers[key_id] = cipher
        return cipher

    def is_shredded(self, executor: Executor, key_id: str) -> bool:
        shredded = executor.execute(
            select(DataKey.shredded).where(DataKey.key_id == key_id)
        ).scalar_one_or_none()
        if shredded is None:
            raise UnknownKey(key_id)
        return bool(shredded)

    def count_live(self, db: Database) -> int:
        """Data keys not shredded: what a rotation re-wraps."""
        with db.session() as session:
            rows = session.execute(select(DataKey.key_id).where(DataKey.wrapped.is_not(None)))
            return len(rows.all())

    def shred_key(self, session: Session, key_id: str) -> None:
        """Destroy a data key: the wrapped bytes are overwritten with NULL."""
        session.execute(
            update(DataKey).where(DataKey.key_id == key_id).values(wrapped=None, shredded=True)
        )
        with self._lock:
            self._ciphers.pop(key_id, None)
        self.vault.forget(key_id)

    def shred(self, session: Session, round_id: str) -> None:
        """Crypto-shred a round: its responses stay in place and can never be read again.
        Call `Database.vacuum_tables("data_keys")` after the commit so no old row version
        still holds the wrapped key."""
        key_id = session.execute(
            select(Round.key_id).where(Round.id == round_id)
        ).scalar_one_or_none()
        if key_id is None:
            raise UnknownRound(round_id)
        self.shred_key(session, key_id)

    def master_key_ids(self, db: Database) -> set[str]:
        """The master keys the live data keys are wrapped by (one, unless a rotation is
        half done by hand)."""
        with db.session() as session:
            rows = session.execute(
                select(DataKey.master_key_id).where(DataKey.wrapped.is_not(None)).distinct()
            )
            return set(rows.scalars())

    def rotate_master_key(
        self,
        db: Database,
        new_vault: Vault,
        *,
        progress: Callable[[int], None] | None = None,
        shred_round_ids: Sequence[str] = (),
    ) -> RotationSummary:
        """Re-wrap every live data key under the new master key, in one transaction, and
        with `shred_round_ids` destroy those closed rounds' data keys and participation in
        the same transaction (docs/privacy.md: a shred reaches backups only because the
        old master key, which opens the backup's copy of the data key, is then retired).

        Each re-wrapped key is unwrapped again under the new key and compared before the
        commit, so a fault loses nothing. Answers are not touched. On success this keyring
        uses the new vault from then on.
        """
        old_vault = self.vault
        with db.session() as session:
            if db.engine.dialect.name == "postgresql":  # new data keys wait for the commit
                session.execute(text("LOCK TABLE data_keys IN SHARE ROW EXCLUSIVE MODE"))
            for round_id in shred_round_ids:
                self._shred_closed(session, round_id)
            rows = session.execute(
                select(DataKey.key_id, DataKey.master_key_id, DataKey.wrapped)
            ).all()
            live = [(k, m, w) for k, m, w in rows if w is not None]
            rewrapped = self._rewrap_checked(old_vault, new_vault, live)
            for key_id, wrapped in rewrapped:
                session.execute(
                    update(DataKey)
                    .where(DataKey.key_id == key_id)
                    .values(wrapped=wrapped, master_key_id=new_vault.secrets.master_key_id)
                )
                if progress is not None:
                    progress(1)
            crash_point("rotate-before-commit")
        self.vault = new_vault
        self._ciphers.clear()
        db.vacuum_tables("data_keys", "participation")
        return RotationSummary(
            rewrapped=len(rewrapped),
            shredded_skipped=len(rows) - len(live) - len(shred_round_ids),
            old_master_key_id=old_vault.secrets.master_key_id,
            new_master_key_id=new_vault.secrets.master_key_id,
        )

    def _shred_closed(self, session: Session, round_id: str) -> None:
        status = session.execute(
            select(Round.status).where(Round.id == round_id).with_for_update()
        ).scalar_one_or_none()
        if status is None:
            raise UnknownRound(round_id)
        if status != "closed":  # open, or its close under way
            raise RoundStillOpen(round_id)
        self.shred(session, round_id)
        session.execute(delete(Participation).where(Participation.round_id == round_id))

    @staticmethod
    def _rewrap_checked(
        old_vault: Vault, new_vault: Vault, live: Sequence[tuple[str, str, bytes]]
    ) -> list[tuple[str, bytes]]:
        rewrapped = rewrap_all(old_vault, new_vault, live)
        if len(rewrapped) != len(live):
            raise RotationFailed("The re-wrap did not return every data key; nothing changed.")
        new_id = new_vault.secrets.master_key_id
        for (key_id, master_key_id, wrapped), (new_key_id, new_wrapped) in zip(
            live, rewrapped, strict=True
        ):
            old_key = old_vault.unwrap(key_id, wrapped, master_key_id)
            if new_key_id != key_id or new_vault.unwrap(key_id, new_wrapped, new_id) != old_key:
                raise RotationFailed(
                    f"The data key {key_id} did not survive re-wrapping; nothing changed."
                )
        return rewrapped
