"""Benchmark: the roster sync, the old single transaction against the batched sync, in
one run, for 2,000 and 10,000 staff, on SQLite and (if reachable) PostgreSQL. Prints the
total time and the longest single write transaction (what a submission may wait for).

    python bench/roster_sync.py [--postgres postgresql+psycopg://postgres@127.0.0.1/postgres]
                                [--only before|after]

Each case syncs twice into a fresh database: the first sync adds everyone, the second
(the hourly one) changes 5% of addresses and removes 1% of people.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Connection, event, make_url, select, update

from storage.db import SQLITE_BEGIN
from storage.keys import Secrets, generate_key
from storage.models import Staff
from storage.repositories import roster
from storage.store import Store

Members = Mapping[str, dict[str, Any]]


def old_single_transaction_sync(
    store: Store, *, platform: str, workspace: str, members: Members
) -> None:
    """The sync as it was before batching: every person in one write transaction."""
    vault = store.vault
    with store.db.session() as session:
        rows = session.execute(
            select(Staff.id, Staff.lookup, Staff.delivery, Staff.active).where(
                Staff.platform == platform, Staff.workspace == workspace
            )
        ).all()
        before = {row.id for row in rows if row.active}
        known = {bytes(row.lookup): row.delivery or {} for row in rows}
        present = set()
        for user_id, delivery in members.items():
            old = known.get(vault.staff_lookup(platform, workspace, user_id), {})
            entry = roster.upsert_staff(
                session,
                vault,
                platform=platform,
                workspace=workspace,
                user_id=user_id,
                delivery={**old, **delivery},
            )
            present.add(entry.id)
        gone = sorted(before - present)
        for start in range(0, len(gone), 500):
            session.execute(
                update(Staff).where(Staff.id.in_(gone[start : start + 500])).values(active=False)
            )


def _watch_transactions(store: Store) -> list[float]:
    """Durations of every write transaction on the store's engine (readers skipped)."""
    took: list[float] = []

    def began(conn: Connection) -> None:
        conn.info["began"] = time.perf_counter()

    def ended(conn: Connection) -> None:
        start = conn.info.pop("began", None)
        if start is not None and conn.get_execution_options().get(SQLITE_BEGIN) != "DEFERRED":
            took.append(time.perf_counter() - start)

    event.listen(store.db.engine, "begin", began)
    event.listen(store.db.engine, "commit", ended)
    return took


def _members(count: int, version: int) -> dict[str, dict[str, Any]]:
    keep = count - (count // 100) * version  # the hourly re-sync has 1% fewer people
    return {
        f"U{n:06d}": {"user": f"U{n:06d}", **({"v": version} if n % 20 == 0 else {})}
        for n in range(keep)
    }


def _case(url: str, tmp: Path, count: int, sync: Callable[..., object]) -> tuple[float, float]:
    store = Store.open(url, Secrets(generate_key(), generate_key()), mixing_dir=tmp)
    store.migrate()
    took = _watch_transactions(store)
    started = time.perf_counter()
    for version in (0, 1):
        sync(store, platform="slack", workspace="T1", members=_members(count, version))
    total = time.perf_counter() - started
    store.close()
    if url.startswith("postgresql"):
        admin = make_url(url).set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(False), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)')
    return total, max(took)


def _new_sync(store: Store, **kwargs: Any) -> object:
    return store.roster.sync(**kwargs)


def _databases(postgres: str | None, tmp: Path) -> list[tuple[str, Callable[[], str]]]:
    found: list[tuple[str, Callable[[], str]]] = [
        ("sqlite", lambda: f"sqlite:///{tmp / f'{uuid.uuid4().hex}.db'}")
    ]
    if postgres:
        admin = make_url(postgres).set(drivername="postgresql").render_as_string(False)

        def fresh() -> str:
            name = f"bigconv_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            return make_url(postgres).set(database=name).render_as_string(False)

        found.append(("postgresql", fresh))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    parser.add_argument("--staff", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument(
        "--only", choices=["before", "after"], help="run one sync only (the old one is slow)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, fresh in _databases(args.postgres or None, Path(tmp)):
            for count in args.staff:
                for label, sync in (("before", old_single_transaction_sync), ("after", _new_sync)):
                    if args.only not in (None, label):
                        continue
                    total, longest = _case(fresh(), Path(tmp), count, sync)
                    print(
                        f"{name:10} {count:6} staff  {label:6}  total {total:6.2f} s  "
                        f"longest write transaction {longest * 1000:7.1f} ms"
                    )


if __name__ == "__main__":
    main()
