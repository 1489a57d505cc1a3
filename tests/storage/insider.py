"""What an insider holding the database, its WAL, backups, every key and the logs can
collect, and their attempt to open every sealed blob with every key they hold."""

from __future__ import annotations

import glob
import shutil
import subprocess
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import make_url, text

from storage.db import Database
from storage.mixing import MixingKeys
from storage.vault import NONCE_SIZE, Vault


def row_versions(db: Database, table: str, key: str) -> dict[str, str]:
    """Row key -> xmin, the id of the transaction that wrote the live version."""
    with db.reader() as conn:
        rows = conn.execute(text(f"SELECT {key}, xmin::text FROM {table}")).all()
    return {(r[0].hex() if isinstance(r[0], bytes) else str(r[0])): r[1] for r in rows}


def sealed_blobs(db: Database) -> set[bytes]:
    """Every sealed value in the live database."""
    found: set[bytes] = set()
    with db.reader() as conn:
        for table, column in (
            ("mixed_answers", "ciphertext"),
            ("response_buffer", "ciphertext"),
            ("responses", "ciphertext"),
            ("staff", "profile_ciphertext"),
        ):
            found |= {
                bytes(b) for b in conn.execute(text(f"SELECT {column} FROM {table}")).scalars() if b
            }
    return found


def copy_sqlite_files(url: str, into: Path) -> bytes:
    """A file copy of the database (and its WAL) as a backup tool would take it."""
    path = Path(make_url(url).database or "")
    into.mkdir(parents=True, exist_ok=True)
    content = b""
    for part in path.parent.glob(path.name + "*"):
        if part.is_file():
            shutil.copy2(part, into / part.name)
            content += part.read_bytes()
    return content


def postgres_wal(db: Database, start_lsn: str) -> tuple[bytes, str]:
    """The raw WAL bytes since `start_lsn`, and pg_waldump's reading of them."""
    with db.reader() as conn:
        data_dir = conn.execute(text("SHOW data_directory")).scalar_one()
        end_lsn = conn.execute(text("SELECT pg_current_wal_insert_lsn()::text")).scalar_one()
        first = conn.execute(text("SELECT pg_walfile_name(:l)"), {"l": start_lsn}).scalar_one()
        last = conn.execute(text("SELECT pg_walfile_name(:l)"), {"l": end_lsn}).scalar_one()
    wal_dir = Path(data_dir) / "pg_wal"
    segments = sorted(p for p in wal_dir.iterdir() if first <= p.name <= last and len(p.name) == 24)
    raw = b"".join(p.read_bytes() for p in segments)
    waldump = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_waldump"))[-1]
    dumped = subprocess.run(
        [waldump, "-p", str(wal_dir), "-s", start_lsn, "-e", end_lsn],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return raw, dumped


def ciphers_held(db: Database, vault: Vault, mixing: MixingKeys | None) -> list[AESGCM]:
    """Every data key the master key opens, and any mixing key still on disk."""
    held = []
    with db.reader() as conn:
        for key_id, wrapped, master in conn.execute(
            text("SELECT key_id, wrapped, master_key_id FROM data_keys")
        ):
            if wrapped is not None:
                held.append(AESGCM(vault.unwrap(key_id, bytes(wrapped), master)))
    if mixing is not None and mixing.directory.exists():
        held += [AESGCM(p.read_bytes()) for p in mixing.directory.glob("round-*.key")]
    return held


def blobs_in(haystack: bytes, blobs: set[bytes]) -> set[bytes]:
    """Blobs whose start is in `haystack` (a long value may continue on another page)."""
    return {b for b in blobs if b[:64] in haystack}


def opens(blob: bytes, ciphers: list[AESGCM], ads: list[bytes]) -> bytes | None:
    """The plaintext if any held key opens the blob under any plausible binding."""
    for cipher in ciphers:
        for ad in ads:
            try:
                return cipher.decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], ad)
            except (InvalidTag, ValueError):
                continue
    return None
