"""The two secrets (master key, HMAC pepper): read from the environment or a key file.

Neither ever lives in the database or the repository. Every failure is a KeyConfigError
whose message an operator can act on without reading code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets as random_source
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

KEY_SIZE = 32


class KeyConfigError(Exception):
    """A key is missing, malformed or unsafely stored; the message says what to do."""


@dataclass(frozen=True)
class Secrets:
    # repr=False: a logged or printed Secrets must never show the key bytes.
    master_key: bytes = field(repr=False)
    pepper: bytes = field(repr=False)

    def __post_init__(self) -> None:
        for name, value in (("master key", self.master_key), ("pepper", self.pepper)):
            if len(value) != KEY_SIZE:
                raise KeyConfigError(f"The {name} must be {KEY_SIZE} bytes, not {len(value)}.")

    @property
    def master_key_id(self) -> str:
        """Names the master key (stored beside wrapped data keys) without revealing it."""
        return hashlib.sha256(b"bigconv-master-key-id|" + self.master_key).hexdigest()[:16]


def generate_key() -> bytes:
    return random_source.token_bytes(KEY_SIZE)


def write_key_file(path: Path, key: bytes) -> None:
    """Create `path` holding `key` as base64, owner read/write only; never overwrite."""
    try:
        # O_EXCL: an existing key is never replaced, and the file is 0600 from its first byte.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyConfigError(f"{path} already exists; it was left as it is.") from None
    except OSError as exc:
        raise KeyConfigError(f"Could not create the key file {path}: {exc.strerror}.") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # the umask can only narrow the mode; make it exact
        os.write(fd, base64.b64encode(key) + b"\n")
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)  # never leave a half-written key behind
        raise
    os.close(fd)
    fsync_directory(path.parent.absolute())


def fsync_directory(directory: Path) -> None:
    """Make a created, renamed or deleted name in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_key_file(staged: Path, target: Path) -> None:
    """Atomically put the (already fsynced) key in `staged` in place of `target`: at every
    instant `target` holds either the old key or the new one, never a mix or nothing."""
    os.replace(staged, target)
    fsync_directory(target.parent)


def read_key_file(path: Path, name: str = "key") -> bytes:
    """The key in a file written by `write_key_file` (checked like a configured key)."""
    return _read_key_file(path, name)


def decode_key(text: str, source: str) -> bytes:
    """A key typed or pasted by an operator: base64 of 32 bytes."""
    return _decode(text, source)


def _decode(text: str, source: str) -> bytes:
    cleaned = "".join(text.split()).replace("-", "+").replace("_", "/")  # urlsafe or standard
    try:
        key = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise KeyConfigError(
            f"{source} is not valid base64; it must hold a base64-encoded {KEY_SIZE}-byte key "
            "(run `bigconv keys init` to create one)."
        ) from None
    if len(key) != KEY_SIZE:
        raise KeyConfigError(
            f"{source} decodes to {len(key)} bytes, but a key must be exactly {KEY_SIZE} bytes "
            "(run `bigconv keys init` to create one)."
        )
    return key


def _read_key_file(path: Path, name: str) -> bytes:
    try:
        info = path.stat()
    except OSError as exc:
        raise KeyConfigError(f"The {name} file {path} cannot be read: {exc.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyConfigError(f"The {name} file {path} is not a regular file.")
    if os.name == "posix" and info.st_mode & 0o077:
        raise KeyConfigError(
            f"The {name} file {path} is open to other users (mode "
            f"{stat.S_IMODE(info.st_mode):04o}); run `chmod 600 {path}` so only its owner "
            "can read it."
        )
    return _decode(path.read_text(encoding="ascii", errors="replace"), f"The {name} file {path}")


def _load_one(
    name: str,
    env: str,
    path: Path | None,
    setting: str,
    *,
    create: bool,
    environ: Mapping[str, str],
    warnings: list[str],
) -> bytes:
    if env and environ.get(env, "").strip():
        return _decode(environ[env], f"The environment variable {env}")
    if path is not None and path.exists():
        return _read_key_file(path, name)
    if path is not None and create:
        key = generate_key()
        write_key_file(path, key)
        warnings.append(
            f"Created a new {name} at {path} (permissions 0600). Back it up: without it "
            "the answers cannot be read."
        )
        return key
    set_env = f"Set {env} or" if env else "Set"
    if path is None:
        raise KeyConfigError(
            f"No {name} is configured. {set_env} point [keys] {setting} at a key file "
            "(run `bigconv keys init` to create one)."
        )
    raise KeyConfigError(
        f"The {name} file {path} does not exist. {set_env} point [keys] {setting} at the "
        "file (run `bigconv keys init` to create one)."
    )


def load_secrets(
    *,
    master_key_env: str = "BIGCONV_MASTER_KEY",
    pepper_env: str = "BIGCONV_PEPPER",
    master_key_file: Path | None,
    pepper_file: Path | None,
    create_if_missing: bool,
    environ: Mapping[str, str] | None = None,
    require_pepper: bool = True,
) -> tuple[Secrets, list[str]]:
    """The secrets and any warnings to show loudly. An environment variable wins over a file.

    `create_if_missing` is for the embedded default only; production passes False.
    With `require_pepper=False` (loading just a master key, e.g. for rotation) the pepper
    is not read at all; a random one that matches nothing stands in, so misuse fails closed.
    """
    env = os.environ if environ is None else environ
    warnings: list[str] = []

    def load(name: str, env_name: str, path: Path | None, setting: str) -> bytes:
        return _load_one(
            name, env_name, path, setting, create=create_if_missing, environ=env, warnings=warnings
        )

    master = load("master key", master_key_env, master_key_file, "master_key_file")
    pepper = load("pepper", pepper_env, pepper_file, "pepper_file") if require_pepper else None
    return Secrets(master_key=master, pepper=pepper or generate_key()), warnings
