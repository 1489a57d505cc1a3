"""The bounds a deadline puts on a write (issue 12): a statement running past its bound
rolls the transaction back (PostgreSQL's statement_timeout), and a write ticket is
either claimed for the commit or given up, never both."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.bounded_write import WriteNotStarted, bounded_transaction
from storage.db import Database
from storage.write_ticket import Ticket, claim_all


def _seen(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM seen_requests")).scalar_one())


def test_a_statement_past_its_bound_rolls_everything_back(postgres_database: Database) -> None:
    # PostgreSQL only: statement_timeout is its bound; SQLite's is the lock wait.
    db = postgres_database
    with pytest.raises(WriteNotStarted), bounded_transaction(db, statement_wait=0.2) as c:
        c.execute(text("INSERT INTO seen_requests (key, expires_at) VALUES ('k', 1)"))
        c.execute(text("SELECT pg_sleep(1)"))
    assert _seen(db) == 0


def test_a_ticket_is_claimed_or_given_up_never_both() -> None:
    claimed, other = Ticket(), Ticket()
    assert claim_all([claimed])
    assert not claimed.give_up()  # committing: the caller must wait and say "recorded"
    assert other.give_up() and other.give_up()
    assert not claim_all([Ticket(), other])  # the batch is rolled back and tried again
    assert other.out_of_time(0.0) and not Ticket(start_by=5.0).out_of_time(4.0)
