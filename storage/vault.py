"""AES-256-GCM sealing bound to a row, envelope data keys, and keyed HMACs with the pepper.

No database here: the repositories hand in rows and persist what comes back.
Not Fernet: its tokens carry their creation time in clear, undoing the coarse timestamps.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from hmac import compare_digest
from hmac import digest as hmac_digest

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.keys import KEY_SIZE, Secrets

NONCE_SIZE = 12  # 96-bit random nonce per encryption, stored in front of the ciphertext
WRAP_VERSION = 1


class DecryptionError(Exception):
    """A ciphertext failed its integrity check; the message says what to check."""


def _check_fields(**fields: str) -> None:
    # A field may not contain the separator, so `table|row|key|version` is unambiguous:
    # no (row "a|b", key "c") can stand in for (row "a", key "b|c"). Checked when sealing;
    # opening needs no check, since a "|" in any field makes the AD differ from every seal.
    for name, value in fields.items():
        if "|" in value or not value:
            raise ValueError(f"{name} must be non-empty and free of '|', got {value!r}")


def _escape(part: str) -> str:
    # Injective, and identity for every id without "\" or "|", so HMAC inputs can't collide.
    return part.replace("\\", "\\\\").replace("|", "\\|")


class Vault:
    """Everything cryptographic the storage layer needs, under one pair of secrets."""

    def __init__(self, secrets: Secrets) -> None:
        self.secrets = secrets
        self._master = AESGCM(secrets.master_key)
        self._ciphers: dict[str, tuple[bytes, AESGCM]] = {}

    # -- envelope keys ------------------------------------------------------------------

    def _wrap_ad(self, key_id: str, master_key_id: str) -> bytes:
        return f"data_keys|{key_id}|{master_key_id}|{WRAP_VERSION}".encode()

    def _wrap(self, key_id: str, data_key: bytes) -> bytes:
        _check_fields(key_id=key_id)
        nonce = os.urandom(NONCE_SIZE)
        ad = self._wrap_ad(key_id, self.secrets.master_key_id)
        return nonce + self._master.encrypt(nonce, data_key, ad)

    def new_data_key(self, key_id: str) -> tuple[bytes, bytes]:
        """A fresh data key: (plaintext, wrapped by the master key). Store only the second."""
        data_key = AESGCM.generate_key(bit_length=KEY_SIZE * 8)
        return data_key, self._wrap(key_id, data_key)

    def unwrap(self, key_id: str, wrapped: bytes, master_key_id: str) -> bytes:
        """The plaintext data key; DecryptionError if this master key cannot open it."""
        if master_key_id != self.secrets.master_key_id:
            raise DecryptionError(
                f"This master key ({self.secrets.master_key_id}) cannot open the data keys "
                f"(they were wrapped by key {master_key_id}). Use the key this database was "
                "created with."
            )
        try:
            return self._master.decrypt(
                wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], self._wrap_ad(key_id, master_key_id)
            )
        except (InvalidTag, ValueError):
            raise DecryptionError(
                f"The wrapped data key {key_id} failed its integrity check: it was altered or "
                "copied from another key id. Restore the data_keys table from a backup."
            ) from None

    def rewrap(self, key_id: str, wrapped: bytes, old_vault: Vault) -> bytes:
        """`wrapped` (under the old master key) wrapped again under this vault's master key."""
        return self._wrap(
            key_id, old_vault.unwrap(key_id, wrapped, old_vault.secrets.master_key_id)
        )

    @staticmethod
    def rewrap_all(
        old: Vault, new: Vault, wrapped: Sequence[tuple[str, str, bytes]]
    ) -> list[tuple[str, bytes]]:
        """Same as the module-level `rewrap_all`, reachable from an instance."""
        return rewrap_all(old, new, wrapped)

    def cipher_for(self, key_id: str, data_key: bytes) -> AESGCM:
        """The (cached) cipher of a data key; building AESGCM once per key keeps loops tight."""
        cached = self._ciphers.get(key_id)
        if cached is not None and compare_digest(cached[0], data_key):
            return cached[1]
        cipher = AESGCM(data_key)
        self._ciphers[key_id] = (data_key, cipher)
        return cipher

    def forget(self, key_id: str) -> None:
        """Drop a cached data key (after shredding it) so it no longer sits in memory."""
        self._ciphers.pop(key_id, None)

    # -- row ciphertexts ----------------------------------------------------------------

    def seal(
        self,
        data_key_cipher: AESGCM,
        *,
        table: str,
        row_id: str,
        key_id: str,
        plaintext: bytes,
        schema_version: int = 1,
    ) -> bytes:
        """nonce || ciphertext, bound to its table, row, data key and schema version."""
        _check_fields(table=table, row_id=row_id, key_id=key_id)
        nonce = os.urandom(NONCE_SIZE)
        ad = f"{table}|{row_id}|{key_id}|{schema_version}".encode()
        return nonce + data_key_cipher.encrypt(nonce, plaintext, ad)

    def open(
        self,
        data_key_cipher: AESGCM,
        *,
        table: str,
        row_id: str,
        key_id: str,
        blob: bytes,
        schema_version: int = 1,
    ) -> bytes:
        """The plaintext `seal` was given; DecryptionError if anything about the row differs."""
        rows = ((row_id, blob),)
        return self.open_many(
            data_key_cipher, table=table, key_id=key_id, rows=rows, schema_version=schema_version
        )[0]

    def open_many(
        self,
        cipher: AESGCM,
        *,
        table: str,
        key_id: str,
        rows: Iterable[tuple[str, bytes]],
        schema_version: int = 1,
    ) -> list[bytes]:
        """Open many (row id, blob) rows sealed under one data key: the report hot path."""
        if not isinstance(rows, list | tuple):
            rows = list(rows)  # kept so a failure can name its row
        decrypt = cipher.decrypt
        prefix = f"{table}|".encode()
        suffix = f"|{key_id}|{schema_version}".encode()
        try:
            return [
                decrypt(b[:NONCE_SIZE], b[NONCE_SIZE:], prefix + r.encode() + suffix)
                for r, b in rows
            ]
        except (InvalidTag, ValueError):
            pass
        for row_id, blob in rows:  # slow path, only to say which row failed
            try:
                decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], prefix + row_id.encode() + suffix)
            except (InvalidTag, ValueError):
                raise DecryptionError(
                    f"The ciphertext of {table} row {row_id} failed its integrity check under "
                    f"data key {key_id}: it was altered, moved from another row, or sealed "
                    "under another key."
                ) from None
        raise AssertionError("unreachable: every row opened on the second pass")

    # -- keyed hashes -------------------------------------------------------------------

    def hmac(self, *parts: str) -> bytes:
        """HMAC-SHA256 with the pepper over the "|"-joined parts (escaped: no collisions)."""
        message = "|".join(_escape(part) for part in parts).encode()
        return hmac_digest(self.secrets.pepper, message, "sha256")

    def participation_token(
        self, platform: str, workspace: str, user_id: str, round_id: str
    ) -> bytes:
        """Stops double answers; links to no response and no staff row."""
        return self.hmac("participation", platform, workspace, user_id, round_id)

    def staff_lookup(self, platform: str, workspace: str, user_id: str) -> bytes:
        """The roster's lookup key for a person; the prefix keeps it apart from tokens."""
        return self.hmac("staff", platform, workspace, user_id)

    @property
    def audit_key(self) -> bytes:
        """Key for the audit hash chain, derived so the pepper itself is used for one thing."""
        return self.hmac("audit-chain")


def rewrap_all(
    old: Vault, new: Vault, wrapped: Sequence[tuple[str, str, bytes]]
) -> list[tuple[str, bytes]]:
    """Rotation: every (key id, master key id, wrapped) re-wrapped under `new`, in order.

    Pure: the caller persists the result in one transaction. Responses are not touched,
    since the data keys themselves do not change. Raises DecryptionError before returning
    anything if one key cannot be opened, so a rotation is all or nothing.
    """
    return [
        (key_id, new._wrap(key_id, old.unwrap(key_id, blob, master_key_id)))
        for key_id, master_key_id, blob in wrapped
    ]
