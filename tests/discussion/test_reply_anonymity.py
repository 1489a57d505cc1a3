"""docs/privacy.md#the-model, extended to Big Conversation replies.

Without the opt-in box nothing stored or logged links a reply to its author: no column
holds a user id, a keyed hash of one or a time finer than the month, no log line names
anyone, and on SQLite the rows are not even in the order they arrived. With the box
ticked the handle is a ciphertext that opens only with the key, and only as a handle of
its own row.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, Interval, Time, inspect, make_url, text

from storage.db import Database
from storage.keys import Secrets, generate_key
from storage.prompt_store import AuditNote, Prompts
from storage.repositories.keyring import Keyring
from storage.repositories.roster import upsert_staff
from storage.vault import DecryptionError, Vault
from tests.discussion.conftest import WORKSPACE, posted_prompt, reply, row_of

MARKER = "ZQXPROMPTMARK"
AUTHOR = "ZQXAUTHORMARK"
PEOPLE = 40
REPLY_TABLES = ("prompts", "prompt_posts", "prompt_replies", "audit_log", "data_keys")


def _reply_all(prompts: Prompts, prompt_id: str, *, allow: bool) -> list[str]:
    """Everyone replies in order, each text naming its sender; their user ids."""
    users = [f"{AUTHOR}-U{i:04d}" for i in range(PEOPLE)]
    for i, user in enumerate(users):
        reply(prompts, prompt_id, f"{MARKER}-{i:04d} my honest view", author=user, allow=allow)
    return users


def _rows(database: Database, table: str) -> list[tuple[object, ...]]:
    with database.session() as session:
        return [tuple(r) for r in session.execute(text(f"SELECT * FROM {table}")).all()]


def _cell_bytes(value: object) -> bytes:
    return bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()


def test_unticked_replies_hold_no_author_no_time_and_nothing_is_logged(
    database: Database, vault: Vault, prompts: Prompts, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # SQL echo on
    try:
        prompt_id = posted_prompt(prompts)
        with database.session() as session:  # the roster knows everyone, as in production
            staff = [
                upsert_staff(
                    session, vault, platform="slack", workspace=WORKSPACE, user_id=u, delivery={}
                )
                for u in (f"{AUTHOR}-U{i:04d}" for i in range(PEOPLE))
            ]
        users = _reply_all(prompts, prompt_id, allow=False)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    identities = [
        *(u.encode() for u in users),
        *(vault.staff_lookup("slack", WORKSPACE, u) for u in users),
        *(s.id.encode() for s in staff),
    ]
    for table in REPLY_TABLES:
        for row in _rows(database, table):
            for value in row:
                cell = _cell_bytes(value)
                assert not any(ident in cell for ident in identities), (table, value)
    replies = _rows(database, "prompt_replies")
    assert len(replies) == PEOPLE
    with database.session() as session:
        handles = session.execute(text("SELECT handle_ciphertext FROM prompt_replies")).scalars()
        assert set(handles) == {None}
    for column in inspect(database.engine).get_columns("prompt_replies"):
        assert not isinstance(column["type"], DateTime | Date | Time | Interval), column
        for word in ("_at", "time", "created", "user", "author", "staff", "lookup"):
            assert word not in column["name"], column
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "INSERT INTO prompt_replies" in logged  # the echo really was on
    assert MARKER not in logged and AUTHOR not in logged


def _physical_order(database: Database, prompts: Prompts, prompt_id: str) -> list[int]:
    with database.session() as session:  # a file scan: no ORDER BY
        ids = list(session.execute(text("SELECT queue_id FROM prompt_replies")).scalars())
    return [int(prompts.reply(i).text[len(MARKER) + 1 :][:4]) for i in ids]


def test_rows_are_not_in_arrival_order(database: Database, prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    _reply_all(prompts, prompt_id, allow=False)
    order = _physical_order(database, prompts, prompt_id)
    assert sorted(order) == list(range(PEOPLE)) and order != list(range(PEOPLE))
    n = len(order)
    rho = 1 - 6 * sum((rank - v) ** 2 for rank, v in enumerate(order)) / (n * (n * n - 1))
    assert abs(rho) < 0.7  # a uniform shuffle of 40 exceeds this with probability ~1e-5
    if database.is_postgres:  # and one transaction id for all, not one per arrival
        with database.session() as session:
            xmins = set(session.execute(text("SELECT xmin::text FROM prompt_replies")).scalars())
        assert len(xmins) == 1


def _stored_bytes(database: Database, url: str) -> bytes:
    if database.is_postgres:
        with database.session() as session:
            tables = inspect(session.connection()).get_table_names()
            return "\n".join(
                str(value)
                for table in tables
                for value in session.execute(text(f"SELECT t::text FROM {table} t")).scalars()
            ).encode()
    path = Path(make_url(url).database or "")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_text_and_handles_never_reach_the_database_in_clear(
    database: Database, prompts: Prompts, database_url: str
) -> None:
    prompt_id = posted_prompt(prompts)
    _reply_all(prompts, prompt_id, allow=True)
    gone = reply(prompts, prompt_id, "ZQXWITHDRAWN take it back", author="U9", allow=True)
    with database.session() as session:
        row = row_of(session, gone.queue_id)
        assert row is not None
        old_blob = row.ciphertext
    prompts.withdraw(gone.withdraw_code)
    content = _stored_bytes(database, database_url)
    for secret in (MARKER, AUTHOR, "ZQXWITHDRAWN", gone.withdraw_code):
        assert secret.encode() not in content
        assert secret.encode().hex() not in content.decode("latin-1")
    if not database.is_postgres:
        assert old_blob not in content  # secure_delete zeroed the withdrawn text


def test_the_handle_opens_only_with_the_key_and_only_as_its_own_rows_handle(
    database: Database, prompts: Prompts, secrets: Secrets, vault: Vault
) -> None:
    prompt_id = posted_prompt(prompts)
    one = reply(prompts, prompt_id, "first", author=f"{AUTHOR}-A", allow=True)
    two = reply(prompts, prompt_id, "second", author=f"{AUTHOR}-B", allow=True)
    with database.session() as session:
        a = row_of(session, one.queue_id)
        b = row_of(session, two.queue_id)
        assert a is not None and b is not None and a.handle_ciphertext and b.handle_ciphertext
        assert AUTHOR.encode() not in a.handle_ciphertext
        stranger = Keyring(Vault(Secrets(master_key=generate_key(), pepper=secrets.pepper)))
        with pytest.raises(DecryptionError):
            stranger.cipher(session, a.key_id)  # another master key: cannot unwrap
        cipher = Keyring(vault).cipher(session, a.key_id)  # an insider with the key
        blob = a.handle_ciphertext
        for table, row_id in (("prompt_replies", a.id), ("prompt_reply_handles", b.id)):
            with pytest.raises(DecryptionError):  # read as reply text, or moved to another row
                vault.open(cipher, table=table, row_id=row_id, key_id=a.key_id, blob=blob)
    address = prompts.open_handle(one.queue_id, note=AuditNote("test", "reply answered"))
    assert address == {"platform": "slack", "workspace": WORKSPACE, "user": f"{AUTHOR}-A"}
