"""Per-round mixing keys: what seals an open round's answers, kept out of the database.

Each open round has one random 256-bit key in its own file in a directory of its own
(`[keys] mixing_key_dir`), which a trust can put in the custody of someone other than
whoever holds the master key and the database (docs/privacy.md). The report path never
reads this directory. When the round closes its answers are re-sealed under the round's
data key and the mixing key file is overwritten and deleted: the buffered ciphertexts
left in the write-ahead log, in backups or in old row versions then open under no key
that exists.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.errors import StorageError

KEY_SIZE = 32
_CHECK_LABEL = b"bigconv mixing key check"


def check_value(key: bytes) -> bytes:
    """What the database keeps to tell one key from another (storage.mixing_checks):
    an HMAC of a constant, which for a random 256-bit key reveals nothing about it."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).digest()


class MixingKeyMissing(StorageError):
    def __init__(self, round_id: str, path: Path) -> None:
        super().__init__(
            f"The mixing key of round {round_id} is missing ({path}), so its answers cannot "
            "be moved into the report. The round stays open and nothing was changed: restore "
            "the file from the mixing key directory's custodian, or check [keys] "
            "mixing_key_dir."
        )


class MixingKeyWrong(StorageError):
    def __init__(self, round_id: str, path: Path) -> None:
        super().__init__(
            f"The mixing key in {path} does not open the answers of round {round_id}: it is "
            "not the key this round was sealed with. The round stays open and nothing was "
            "changed: restore the right file, or check [keys] mixing_key_dir (one "
            "directory shared between replicas)."
        )


def default_directory(database_url: str) -> Path:
    """Beside a SQLite file; for other databases a private directory named after the URL."""
    if database_url.startswith("sqlite:///") and ":memory:" not in database_url:
        return Path(database_url.removeprefix("sqlite:///") + ".mixing-keys")
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"bigconv-mixing-keys-{os.getuid()}" / digest


def key_id_of(round_id: str) -> str:
    """Bound into every mixed ciphertext's associated data; never a data_keys row."""
    return f"mix-{round_id}"


class MixingKeys:
    """One key file per open round; created on first use, destroyed at close."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ciphers: dict[str, AESGCM] = {}
        self._checks: dict[str, bytes] = {}
        self._confirmed: set[str] = set()  # rounds whose key the database agrees with
        self._lock = threading.Lock()

    def path(self, round_id: str) -> Path:
        if not round_id or "/" in round_id or round_id.startswith("."):
            raise ValueError(f"not a round id: {round_id!r}")
        return self.directory / f"round-{round_id}.key"

    def _prepare_directory(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)

    def cipher_for_sealing(self, round_id: str) -> AESGCM:
        """The round's cipher, creating its key the first time (atomically: two
        processes racing both end up with the one key that was published first)."""
        with self._lock:
            cached = self._ciphers.get(round_id)
        if cached is not None:
            return cached
        path = self.path(round_id)
        if not path.exists():
            self._prepare_directory()
            self._publish(path, secrets.token_bytes(KEY_SIZE))
        return self.cipher(round_id)

    def _publish(self, path: Path, key: bytes) -> None:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)  # fails if another process published first: keep theirs
        except FileExistsError:
            pass
        finally:
            temp.unlink()
        _fsync_directory(self.directory)

    def cipher(self, round_id: str) -> AESGCM:
        """The round's cipher; MixingKeyMissing when its file is gone."""
        with self._lock:
            cached = self._ciphers.get(round_id)
        if cached is not None:
            return cached
        path = self.path(round_id)
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            raise MixingKeyMissing(round_id, path) from None
        if len(key) != KEY_SIZE:
            raise MixingKeyWrong(round_id, path)
        cipher = AESGCM(key)
        with self._lock:
            self._ciphers[round_id] = cipher
            self._checks[round_id] = check_value(key)
        return cipher

    def check_value(self, round_id: str) -> bytes:
        """The check value of the round's key as loaded here (MixingKeyMissing if none)."""
        self.cipher(round_id)
        with self._lock:
            return self._checks[round_id]

    def is_confirmed(self, round_id: str) -> bool:
        with self._lock:
            return round_id in self._confirmed

    def confirm(self, round_id: str) -> None:
        """The database holds this key's check value: sealing needs no more look-ups."""
        with self._lock:
            self._confirmed.add(round_id)

    def exists(self, round_id: str) -> bool:
        return self.path(round_id).exists()

    def forget(self, round_id: str) -> None:
        """Drop a cached key (its round was closed, perhaps by another process)."""
        with self._lock:
            self._ciphers.pop(round_id, None)
            self._checks.pop(round_id, None)
            self._confirmed.discard(round_id)

    def destroy(self, round_id: str) -> None:
        """Overwrite the key file with zeros, flush, delete it, and forget the cached key."""
        self.forget(round_id)
        path = self.path(round_id)
        try:
            fd = os.open(path, os.O_WRONLY)
        except FileNotFoundError:
            return
        try:
            os.write(fd, bytes(KEY_SIZE))
            os.fsync(fd)
        finally:
            os.close(fd)
        path.unlink(missing_ok=True)
        _fsync_directory(self.directory)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
