"""Report download links kept in the database, so a link made on one replica downloads
from any other (docs/disclosure.md#download-links).

A link names a random secret. The table holds neither the secret nor the file in the
clear: a row is found by an HMAC of the secret under the pepper, and its file (name,
who asked, bytes) is sealed with AES-GCM under a key derived from the secret and the
pepper. A database copy alone opens nothing; the link and the pepper together open one
file. What is sealed is the file a report pull already released (the auditor ran before
the link was made): a link serves that snapshot and never computes figures itself.
Rows go once expired: pruned as links are made and redeemed, and by the daily
retention job.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Integer, LargeBinary, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base

if TYPE_CHECKING:  # storage.models imports this module to register the table
    from storage.db import Database
    from storage.vault import Vault

NONCE_SIZE = 12


class ReportLinkRow(Base):
    """One download link's sealed file. Says nothing readable without the link."""

    __tablename__ = "report_links"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex HMAC(pepper, secret)
    expires_at: Mapped[int] = mapped_column(Integer, index=True)  # epoch seconds
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # nonce || AES-GCM(name, actor, bytes)


@dataclass(frozen=True, slots=True)
class LinkedFile:
    name: str
    actor: str  # who asked for the report, for the download's audit entry
    content: bytes
    expires_at: int


class ReportLinkStore:
    def __init__(self, db: Database, vault: Vault) -> None:
        self._db, self._vault = db, vault

    def _row_id(self, secret: str) -> str:
        return self._vault.hmac("report-link-id", secret).hex()

    def _cipher(self, secret: str) -> AESGCM:
        return AESGCM(self._vault.hmac("report-link-key", secret))

    def prune(self, *, now: int) -> int:
        """Delete every expired link's file (also done daily by the retention job)."""
        with self._db.session() as session:
            gone = session.execute(delete(ReportLinkRow).where(ReportLinkRow.expires_at <= now))
            return int(getattr(gone, "rowcount", 0) or 0)

    def put(self, secret: str, file: LinkedFile, *, now: int) -> None:
        """Seal and keep `file` under `secret` until it expires; prune expired rows."""
        header = json.dumps({"name": file.name, "actor": file.actor}).encode()
        plaintext = len(header).to_bytes(4, "big") + header + file.content
        row_id = self._row_id(secret)
        nonce = os.urandom(NONCE_SIZE)
        sealed = nonce + self._cipher(secret).encrypt(nonce, plaintext, row_id.encode())
        with self._db.session() as session:
            session.execute(delete(ReportLinkRow).where(ReportLinkRow.expires_at <= now))
            session.add(ReportLinkRow(id=row_id, expires_at=file.expires_at, sealed=sealed))

    def get(self, secret: str, *, now: int) -> LinkedFile | None:
        """The file kept under `secret`, or None if there is none (or it has expired,
        in which case its row goes now)."""
        row_id = self._row_id(secret)
        with self._db.session() as session:
            row = session.execute(
                select(ReportLinkRow.expires_at, ReportLinkRow.sealed).where(
                    ReportLinkRow.id == row_id
                )
            ).first()
            if row is not None and row.expires_at <= now:
                session.execute(delete(ReportLinkRow).where(ReportLinkRow.id == row_id))
                return None
        if row is None:
            return None
        blob = bytes(row.sealed)
        try:
            plain = self._cipher(secret).decrypt(
                blob[:NONCE_SIZE], blob[NONCE_SIZE:], row_id.encode()
            )
        except (InvalidTag, ValueError):
            return None  # altered or moved: serve nothing
        size = int.from_bytes(plain[:4], "big")
        header = json.loads(plain[4 : 4 + size])
        return LinkedFile(header["name"], header["actor"], plain[4 + size :], row.expires_at)

    def count(self) -> int:
        with self._db.session() as session:
            counted = select(func.count()).select_from(ReportLinkRow)
            return int(session.execute(counted).scalar_one())
