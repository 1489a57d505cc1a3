"""The download links: signed, short-lived, kept sealed in the database so that a link
made by one replica downloads from another, and naming only a file we hold."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from handlers.backend import Backend, StoreCalls
from handlers.report_links import LinkExpired, LinkInvalid, ReportLinks
from storage.db import Database
from storage.keys import Secrets, generate_key
from storage.report_links import ReportLinkRow
from storage.store import Store
from storage.vault import Vault


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def backends(database_url: str, database: Database, secrets: Secrets) -> Iterator[list[Backend]]:
    """Two processes' worth of store on one database: replica A and replica B."""
    other = Database.connect(database_url)
    made = [Backend(s, StoreCalls(s)) for s in (Store(database, Vault(secrets)),
                                                Store(other, Vault(secrets)))]  # fmt: skip
    yield made
    for backend in made:
        backend.calls.close()
    other.close()


async def test_a_link_made_on_one_replica_downloads_from_another_until_it_expires(
    backends: list[Backend],
) -> None:
    clock = Clock()
    a, b = (ReportLinks(backend, ttl_seconds=900, clock=clock) for backend in backends)
    token = await a.issue("wres-2026-03-all.html", b"<html>", actor="teams:t:u")
    found = await b.redeem(token)
    assert (found.content, found.actor) == (b"<html>", "teams:t:u")
    assert found.content_type.startswith("text/html")
    clock.now += 902
    with pytest.raises(LinkExpired):
        await b.redeem(token)
    assert backends[0].store.report_links.count() == 0  # the expired file is gone
    await a.issue("wres-2026-03-all.csv", b"x", actor="teams:t:u")
    links = backends[1].store.report_links
    assert links.prune(now=int(clock.now)) == 0 and links.prune(now=int(clock.now) + 902) == 1


async def test_the_table_holds_neither_the_secret_nor_the_file(backends: list[Backend]) -> None:
    links = ReportLinks(backends[0], ttl_seconds=900)
    token = await links.issue("wres-2026-03-all.csv", b"indicator,figure\n5,42", actor="edi")
    secret = token.split(".")[0]
    with backends[0].store.db.session() as session:
        row = session.execute(select(ReportLinkRow)).scalar_one()
        stored = row.id.encode() + bytes(row.sealed)
    for needle in (secret.encode(), b"indicator", b"wres-2026", b"edi"):
        assert needle not in stored


async def test_forged_mangled_and_foreign_tokens_are_unknown(backends: list[Backend]) -> None:
    links = ReportLinks(backends[0], ttl_seconds=900)
    token = await links.issue("wres.xlsx", b"PK", actor="a")
    secret, expires, signature = token.split(".")
    later = f"{secret}.{int(expires) + 3600}.{signature}"  # stretching the time breaks it
    foreign_store = Store(backends[0].store.db, Vault(Secrets(generate_key(), generate_key())))
    foreign = ReportLinks(Backend(foreign_store, backends[0].calls), ttl_seconds=900)
    other = await foreign.issue("wres.xlsx", b"PK", actor="a")  # another pepper's link
    for bad in (later, other, "nonsense", f"{secret}..{signature}", token + "x"):
        with pytest.raises(LinkInvalid):
            await links.redeem(bad)
