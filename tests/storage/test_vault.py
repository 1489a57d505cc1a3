"""Sealing bound to a row, envelope keys and rotation, and the pepper's keyed hashes."""

from __future__ import annotations

import uuid
from typing import TypedDict

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import assume, given
from hypothesis import strategies as st

from storage.keys import Secrets, generate_key
from storage.vault import DecryptionError, Vault, rewrap_all


class Place(TypedDict):
    table: str
    row_id: str
    key_id: str


PLACE = Place(table="responses", row_id="r-1", key_id="round-2026-03")
# Row ids are text stored in the database: any character but the separator and lone
# surrogates (which no database driver can encode).
ids = st.text(
    st.characters(exclude_characters="|", exclude_categories=("Cs",)), min_size=1, max_size=40
)


def _new_vault() -> Vault:
    return Vault(Secrets(master_key=generate_key(), pepper=generate_key()))


# Module-level for the Hypothesis tests: their bodies run many times per test.
_VAULT = _new_vault()
_CIPHER = AESGCM(AESGCM.generate_key(bit_length=256))


@pytest.fixture
def cipher() -> AESGCM:
    return AESGCM(AESGCM.generate_key(bit_length=256))


def test_seal_then_open_round_trips(vault: Vault, cipher: AESGCM) -> None:
    blob = vault.seal(cipher, **PLACE, plaintext=b"eleven byte")
    assert len(blob) == 12 + 11 + 16
    assert b"eleven byte" not in blob
    assert vault.open(cipher, **PLACE, blob=blob) == b"eleven byte"
    assert vault.seal(cipher, **PLACE, plaintext=b"eleven byte") != blob  # fresh nonce


@pytest.mark.parametrize(
    "moved",
    [
        {"row_id": "r-2"},
        {"table": "response_buffer"},
        {"key_id": "round-2026-04"},
        {"schema_version": 2},
        {"row_id": "r-1|round-2026-03"},
    ],
)
def test_a_ciphertext_opened_anywhere_else_fails(
    vault: Vault, cipher: AESGCM, moved: dict[str, object]
) -> None:
    blob = vault.seal(cipher, **PLACE, plaintext=b"answers")
    with pytest.raises(DecryptionError, match="failed its integrity check"):
        vault.open(cipher, **{**PLACE, **moved, "blob": blob})  # type: ignore[arg-type]


@given(plaintext=st.binary(max_size=64), sealed_at=ids, opened_at=ids)
def test_a_ciphertext_moved_to_another_row_fails_to_decrypt(
    plaintext: bytes, sealed_at: str, opened_at: str
) -> None:
    assume(sealed_at != opened_at)
    vault, cipher = _VAULT, _CIPHER
    blob = vault.seal(cipher, table="responses", row_id=sealed_at, key_id="k", plaintext=plaintext)
    assert vault.open(cipher, table="responses", row_id=sealed_at, key_id="k", blob=blob) == (
        plaintext
    )
    with pytest.raises(DecryptionError):
        vault.open(cipher, table="responses", row_id=opened_at, key_id="k", blob=blob)


@pytest.mark.parametrize("position", [0, 11, 12, 20, -1])
def test_any_altered_byte_fails(vault: Vault, cipher: AESGCM, position: int) -> None:
    blob = bytearray(vault.seal(cipher, **PLACE, plaintext=b"answers"))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionError):
        vault.open(cipher, **PLACE, blob=bytes(blob))


def test_truncated_or_foreign_key_ciphertext_fails(vault: Vault, cipher: AESGCM) -> None:
    blob = vault.seal(cipher, **PLACE, plaintext=b"answers")
    for bad in (b"", blob[:5], blob[:20]):
        with pytest.raises(DecryptionError):
            vault.open(cipher, **PLACE, blob=bad)
    other = AESGCM(AESGCM.generate_key(bit_length=256))
    with pytest.raises(DecryptionError):
        vault.open(other, **PLACE, blob=blob)


@pytest.mark.parametrize("field", ["table", "row_id", "key_id"])
def test_seal_refuses_a_separator_inside_a_field(vault: Vault, cipher: AESGCM, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        vault.seal(cipher, **{**PLACE, field: "a|b"}, plaintext=b"x")  # type: ignore[arg-type]


def test_open_many_opens_lists_and_generators_in_order(vault: Vault, cipher: AESGCM) -> None:
    rows = [(str(uuid.uuid4()), i.to_bytes(11, "big")) for i in range(50)]
    sealed = [
        (r, vault.seal(cipher, table="responses", row_id=r, key_id="k", plaintext=p))
        for r, p in rows
    ]
    expected = [p for _, p in rows]
    assert vault.open_many(cipher, table="responses", key_id="k", rows=sealed) == expected
    assert vault.open_many(cipher, table="responses", key_id="k", rows=iter(sealed)) == expected
    assert vault.open_many(cipher, table="responses", key_id="k", rows=[]) == []


def test_open_many_names_the_row_that_failed(vault: Vault, cipher: AESGCM) -> None:
    rows = [
        (r, vault.seal(cipher, table="responses", row_id=r, key_id="k", plaintext=b"p"))
        for r in ("a", "b", "c")
    ]
    rows[1] = ("b", rows[2][1])  # c's ciphertext copied over b's
    with pytest.raises(DecryptionError, match="responses row b failed"):
        vault.open_many(cipher, table="responses", key_id="k", rows=(r for r in rows))


def test_data_keys_are_wrapped_and_unwrapped(vault: Vault) -> None:
    plain, wrapped = vault.new_data_key("round-1")
    assert len(plain) == 32 and len(wrapped) == 12 + 32 + 16 and plain not in wrapped
    assert vault.unwrap("round-1", wrapped, vault.secrets.master_key_id) == plain
    with pytest.raises(DecryptionError, match="data key round-2 failed its integrity check"):
        vault.unwrap("round-2", wrapped, vault.secrets.master_key_id)


def test_the_wrong_master_key_says_which_key_is_needed(vault: Vault) -> None:
    _, wrapped = vault.new_data_key("round-1")
    stranger = _new_vault()
    expected = (
        f"This master key ({stranger.secrets.master_key_id}) cannot open the data keys (they "
        f"were wrapped by key {vault.secrets.master_key_id}). Use the key this database was "
        "created with."
    )
    with pytest.raises(DecryptionError) as caught:
        stranger.unwrap("round-1", wrapped, vault.secrets.master_key_id)
    assert str(caught.value) == expected
    with pytest.raises(DecryptionError, match="integrity check"):  # a lying master key id
        stranger.unwrap("round-1", wrapped, stranger.secrets.master_key_id)


def test_cipher_for_caches_per_key_id_and_forgets(vault: Vault) -> None:
    key = generate_key()
    first = vault.cipher_for("k", key)
    assert vault.cipher_for("k", key) is first
    assert vault.cipher_for("k", generate_key()) is not first  # never a stale key
    vault.forget("k")
    assert vault.cipher_for("k", key) is not first


def test_rotation_rewraps_without_touching_ciphertexts(vault: Vault) -> None:
    keys = {f"round-{i}": vault.new_data_key(f"round-{i}") for i in range(3)}
    blobs = {
        key_id: vault.seal(
            vault.cipher_for(key_id, plain),
            table="responses",
            row_id="r-1",
            key_id=key_id,
            plaintext=key_id.encode(),
        )
        for key_id, (plain, _) in keys.items()
    }
    new = Vault(Secrets(master_key=generate_key(), pepper=vault.secrets.pepper))
    stored = [(k, vault.secrets.master_key_id, wrapped) for k, (_, wrapped) in keys.items()]
    rewrapped = rewrap_all(vault, new, stored)
    assert [k for k, _ in rewrapped] == list(keys)
    assert Vault.rewrap_all(vault, new, stored)[0][0] == "round-0"
    new_id = new.secrets.master_key_id
    for key_id, new_wrapped in rewrapped:
        data_key = new.unwrap(key_id, new_wrapped, new_id)
        assert data_key == keys[key_id][0]
        opened = new.open(
            AESGCM(data_key),
            table="responses",
            row_id="r-1",
            key_id=key_id,
            blob=blobs[key_id],
        )
        assert opened == key_id.encode()
        with pytest.raises(DecryptionError):
            vault.unwrap(key_id, new_wrapped, new_id)
        with pytest.raises(DecryptionError):
            vault.unwrap(key_id, new_wrapped, vault.secrets.master_key_id)


def test_rotation_is_all_or_nothing(vault: Vault) -> None:
    good = ("round-1", vault.secrets.master_key_id, vault.new_data_key("round-1")[1])
    foreign = ("round-2", "0123456789abcdef", _new_vault().new_data_key("round-2")[1])
    with pytest.raises(DecryptionError, match="wrapped by key 0123456789abcdef"):
        rewrap_all(vault, _new_vault(), [good, foreign])


def test_single_rewrap(vault: Vault) -> None:
    plain, wrapped = vault.new_data_key("round-1")
    new = _new_vault()
    assert new.unwrap(
        "round-1", new.rewrap("round-1", wrapped, vault), new.secrets.master_key_id
    ) == (plain)


def test_keyed_hashes_depend_on_the_pepper_and_are_domain_separated(vault: Vault) -> None:
    token = vault.participation_token("slack", "T1", "U1", "round-1")
    assert len(token) == 32
    assert token == vault.participation_token("slack", "T1", "U1", "round-1")
    assert token != _new_vault().participation_token("slack", "T1", "U1", "round-1")
    assert token != vault.participation_token("slack", "T1", "U1", "round-2")
    assert vault.staff_lookup("slack", "T1", "U1") != vault.hmac("slack", "T1", "U1")
    assert vault.audit_key not in (vault.secrets.pepper, vault.hmac())


@given(parts=st.lists(st.text(max_size=8), min_size=3, max_size=4))
def test_token_and_lookup_never_coincide(parts: list[str]) -> None:
    platform, workspace, user_id = parts[:3]
    round_id = parts[3] if len(parts) == 4 else "round"
    assert _VAULT.participation_token(platform, workspace, user_id, round_id) != (
        _VAULT.staff_lookup(platform, workspace, user_id)
    )
    assert _VAULT.staff_lookup(platform, workspace, user_id + "|x") != (
        _VAULT.staff_lookup(platform, workspace + "|" + user_id, "x")
    )
