"""The release history: recorded and read back, chained so that an edited, removed or
reordered release is noticed (and then nothing more is released), serialised across
connections, and converted from the old per-month table by migration 0006."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.keys import Secrets
from storage.repositories.release_history import NewRelease, ReleaseHistoryDamaged
from storage.store import Planned, Store
from storage.vault import Vault
from surveys.release_audit import Figure, PastRelease, Scope

Q3 = Scope("2026-Q3", frozenset({"r-jul", "r-aug", "r-sep"}))
JUL = Scope("2026-07", frozenset({"r-jul"}))


def _release(label: str, *figures: Figure) -> NewRelease:
    return NewRelease("edi", "html", label, figures, {"too_few": 3, "complementary": 1})


def _record(store: Store, release: NewRelease) -> None:
    store.releases.release("cli:test:me", lambda history: Planned(None, release, "report", {}))


@pytest.fixture
def store(database: Database, secrets: Secrets) -> Store:
    return Store(database, Vault(secrets))


def test_a_release_comes_back_as_it_was_recorded(store: Store) -> None:
    figures = (Figure(Q3, "wres5", "all", "white"), Figure(JUL, "wres8", "bank", "black"))
    _record(store, _release("2026-Q3 report", *figures))
    _record(store, _release("2026-07 report", figures[1]))
    stored = store.releases.stored()
    assert [r.seq for r in stored] == [1, 2]
    assert set(stored[0].figures) == set(figures)
    assert stored[0].suppressed == {"too_few": 3, "complementary": 1}
    assert (stored[0].actor_role, stored[0].form, stored[0].label) == (
        "edi",
        "html",
        "2026-Q3 report",
    )
    past = store.releases.history()
    assert isinstance(past[0], PastRelease) and past[0].released_at.tzinfo is not None
    assert store.releases.verify() == (2, [])
    assert store.audit.count() == 2  # each release is audited in the same transaction


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE release_history SET body = replace(body, 'r-jul', 'r-xxx') WHERE seq = 1",
        "DELETE FROM release_history WHERE seq = 1",
        "UPDATE release_history SET label = 'x' WHERE seq = 2",
    ],
    ids=["edited", "removed", "relabelled"],
)
def test_a_damaged_history_fails_closed(store: Store, database: Database, damage: str) -> None:
    figure = Figure(Q3, "wres5", "all", "white")
    _record(store, _release("2026-Q3 report", figure))
    _record(store, _release("2026-Q3 report", figure))
    with database.session() as session:
        session.execute(text(damage))
    with pytest.raises(ReleaseHistoryDamaged, match="release history is damaged"):
        _record(store, _release("2026-Q4 report", figure))
    with pytest.raises(ReleaseHistoryDamaged):
        store.releases.history()
    count, problems = store.releases.verify()
    assert problems and count <= 2  # nothing was added


def test_a_chain_forged_without_the_pepper_does_not_verify(
    store: Store, database: Database
) -> None:
    _record(store, _release("2026-Q3 report", Figure(Q3, "wres5", "all", "white")))
    other = Store(database, Vault(Secrets(master_key=b"m" * 32, pepper=b"p" * 32)))
    assert other.releases.verify()[1]


def test_concurrent_releases_take_turns(store: Store) -> None:
    """Two releases at once: the second plans against a history holding the first."""
    seen: list[int] = []
    started = threading.Barrier(2)

    def pull(label: str) -> None:
        started.wait()

        def plan(history: list[PastRelease]) -> Planned[None]:
            seen.append(len(history))
            time.sleep(0.3)  # long enough for the other pull to try to start meanwhile
            return Planned(None, _release(label, Figure(JUL, "wres5", "all", "all")), "report")

        store.releases.release("cli:test:me", plan)

    threads = [threading.Thread(target=pull, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == [0, 1]
    assert [r.seq for r in store.releases.stored()] == [1, 2]


def test_migration_converts_the_old_releases_table(database_url: str, secrets: Secrets) -> None:
    db = Database.connect(database_url)
    try:
        from alembic import command

        from storage.db import alembic_config

        with db.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO data_keys (key_id, wrapped, master_key_id, created_month, "
                    "shredded) VALUES ('k', NULL, 'm', '2026-07', false)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO rounds (id, period, recall, status, source, key_id) VALUES "
                    "('r1', '2026-07', '12 months', 'closed', 'pulse', 'k')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO releases (id, period, months, staff_group, cells, created_at) "
                    "VALUES ('x', '2026-07', '[\"2026-07\"]', 'all', "
                    "'{\"wres5|all|white\": 40}', :at)"
                ),
                {"at": datetime(2026, 8, 3, tzinfo=UTC)},
            )
        store = Store(db, Vault(secrets))
        store.migrate()
        [old] = store.releases.stored()
        assert old.label == "2026-07" and old.figures == (
            Figure(Scope("2026-07", frozenset({"r1"})), "wres5", "all", "white"),
        )
        _record(store, _release("2026-08 report", Figure(JUL, "wres5", "all", "all")))
        assert store.releases.verify() == (2, [])
    finally:
        db.close()
