"""Key material: files created 0600 and refused when open to others, env over file, bad keys."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from storage.keys import KeyConfigError, Secrets, generate_key, load_secrets, write_key_file

# Encodes with "+" and "/" in standard base64, "-" and "_" in the urlsafe alphabet.
AWKWARD_KEY = bytes([0xFB, 0xFF, 0xBF] * 10 + [0xFB, 0xFF])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _load(
    tmp_path: Path, environ: dict[str, str] | None = None, *, create: bool = False
) -> tuple[Secrets, list[str]]:
    return load_secrets(
        master_key_file=tmp_path / "bigconv.key",
        pepper_file=tmp_path / "bigconv.pepper",
        create_if_missing=create,
        environ={} if environ is None else environ,
    )


def _write_both(tmp_path: Path) -> tuple[bytes, bytes]:
    master, pepper = generate_key(), generate_key()
    write_key_file(tmp_path / "bigconv.key", master)
    write_key_file(tmp_path / "bigconv.pepper", pepper)
    return master, pepper


def test_generate_key_is_32_random_bytes() -> None:
    assert len(generate_key()) == 32
    assert generate_key() != generate_key()


def test_write_key_file_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "k"
    old = os.umask(0)
    try:
        write_key_file(path, AWKWARD_KEY)
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    assert base64.b64decode(path.read_text().strip()) == AWKWARD_KEY


def test_write_key_file_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "k"
    write_key_file(path, generate_key())
    before = path.read_bytes()
    with pytest.raises(KeyConfigError, match="already exists"):
        write_key_file(path, generate_key())
    assert path.read_bytes() == before


def test_embedded_default_creates_both_files_loudly_then_reuses_them(tmp_path: Path) -> None:
    first, warnings = _load(tmp_path, create=True)
    assert _mode(tmp_path / "bigconv.key") == 0o600
    assert _mode(tmp_path / "bigconv.pepper") == 0o600
    assert len(warnings) == 2
    assert (
        f"Created a new master key at {tmp_path / 'bigconv.key'} (permissions 0600)"
        in (warnings[0])
    )
    assert "Back it up" in warnings[0]
    again, warnings = _load(tmp_path, create=True)
    assert again == first
    assert warnings == []


def test_production_refuses_a_missing_key_file_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError) as caught:
        _load(tmp_path)
    message = str(caught.value)
    assert f"The master key file {tmp_path / 'bigconv.key'} does not exist." in message
    assert "BIGCONV_MASTER_KEY" in message
    assert "bigconv keys init" in message
    assert not (tmp_path / "bigconv.key").exists()


def test_no_key_source_at_all_is_refused() -> None:
    with pytest.raises(KeyConfigError, match="No master key is configured"):
        load_secrets(master_key_file=None, pepper_file=None, create_if_missing=True, environ={})


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_key_file_open_to_others_is_refused(tmp_path: Path, mode: int) -> None:
    _write_both(tmp_path)
    (tmp_path / "bigconv.key").chmod(mode)
    with pytest.raises(KeyConfigError) as caught:
        _load(tmp_path)
    assert f"chmod 600 {tmp_path / 'bigconv.key'}" in str(caught.value)
    assert f"{mode:04o}" in str(caught.value)


def test_environment_wins_over_the_files(tmp_path: Path) -> None:
    _write_both(tmp_path)
    (tmp_path / "bigconv.key").chmod(0o644)  # never read, so never refused
    master, pepper = generate_key(), generate_key()
    environ = {
        "BIGCONV_MASTER_KEY": base64.b64encode(master).decode(),
        "BIGCONV_PEPPER": base64.urlsafe_b64encode(pepper).decode(),
    }
    secrets, warnings = _load(tmp_path, environ, create=True)
    assert (secrets.master_key, secrets.pepper) == (master, pepper)
    assert warnings == []


def test_environment_alone_needs_no_files(tmp_path: Path) -> None:
    environ = {"BIGCONV_MASTER_KEY": base64.b64encode(generate_key()).decode()}
    environ["BIGCONV_PEPPER"] = base64.b64encode(generate_key()).decode()
    _load(tmp_path, environ, create=True)
    assert list(tmp_path.iterdir()) == []


def test_os_environ_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    master, pepper = _write_both(tmp_path)
    new = generate_key()
    monkeypatch.setenv("BIGCONV_MASTER_KEY", base64.b64encode(new).decode())
    secrets, _ = load_secrets(
        master_key_file=tmp_path / "bigconv.key",
        pepper_file=tmp_path / "bigconv.pepper",
        create_if_missing=False,
    )
    assert (secrets.master_key, secrets.pepper) == (new, pepper)


@pytest.mark.parametrize(
    "text",
    [
        base64.b64encode(AWKWARD_KEY).decode(),
        base64.urlsafe_b64encode(AWKWARD_KEY).decode(),
        base64.urlsafe_b64encode(AWKWARD_KEY).decode().rstrip("="),
        "  " + base64.b64encode(AWKWARD_KEY).decode() + "\n",
    ],
    ids=["standard", "urlsafe", "unpadded", "whitespace"],
)
def test_both_base64_alphabets_are_accepted(tmp_path: Path, text: str) -> None:
    _write_both(tmp_path)
    secrets, _ = _load(tmp_path, {"BIGCONV_MASTER_KEY": text})
    assert secrets.master_key == AWKWARD_KEY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("not base64 at all!", "is not valid base64"),
        (base64.b64encode(b"k" * 16).decode(), "decodes to 16 bytes"),
        (base64.b64encode(b"k" * 33).decode(), "decodes to 33 bytes"),
    ],
)
def test_bad_environment_key_is_refused_without_echoing_it(
    tmp_path: Path, value: str, expected: str
) -> None:
    with pytest.raises(KeyConfigError, match=expected) as caught:
        _load(tmp_path, {"BIGCONV_MASTER_KEY": value})
    assert "The environment variable BIGCONV_MASTER_KEY" in str(caught.value)
    assert value not in str(caught.value)


@pytest.mark.parametrize("content", ["", "%%%%", base64.b64encode(b"x" * 31).decode()])
def test_bad_key_file_is_refused(tmp_path: Path, content: str) -> None:
    _write_both(tmp_path)
    path = tmp_path / "bigconv.pepper"
    path.write_text(content)
    with pytest.raises(KeyConfigError, match=f"The pepper file {path}"):
        _load(tmp_path)


def test_key_file_in_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError, match="Could not create the key file"):
        load_secrets(
            master_key_file=tmp_path / "nowhere" / "k",
            pepper_file=None,
            create_if_missing=True,
            environ={},
        )


def test_master_key_alone_can_be_loaded_for_rotation(tmp_path: Path) -> None:
    write_key_file(tmp_path / "new.key", AWKWARD_KEY)
    secrets, _ = load_secrets(
        master_key_env="",
        pepper_env="",
        master_key_file=tmp_path / "new.key",
        pepper_file=None,
        create_if_missing=False,
        environ={"BIGCONV_MASTER_KEY": base64.b64encode(generate_key()).decode()},
        require_pepper=False,
    )
    assert secrets.master_key == AWKWARD_KEY


def test_secrets_check_lengths_and_never_show_keys() -> None:
    with pytest.raises(KeyConfigError, match="master key must be 32 bytes, not 31"):
        Secrets(master_key=b"k" * 31, pepper=generate_key())
    secrets = Secrets(master_key=AWKWARD_KEY, pepper=generate_key())
    assert AWKWARD_KEY.hex() not in repr(secrets) and repr(AWKWARD_KEY) not in repr(secrets)


def test_master_key_id_names_the_key_without_revealing_it() -> None:
    secrets = Secrets(master_key=AWKWARD_KEY, pepper=generate_key())
    key_id = secrets.master_key_id
    assert len(key_id) == 16 and int(key_id, 16) >= 0
    assert key_id == Secrets(master_key=AWKWARD_KEY, pepper=generate_key()).master_key_id
    assert key_id != Secrets(master_key=generate_key(), pepper=generate_key()).master_key_id
    assert key_id not in AWKWARD_KEY.hex()
