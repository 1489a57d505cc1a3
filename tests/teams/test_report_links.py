"""The download links' tokens: signed, short-lived, naming only a file we hold."""

from __future__ import annotations

import pytest

from bot.teams.report_links import LinkExpired, LinkInvalid, ReportLinks

KEY = b"k" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_link_works_until_it_expires_then_says_so() -> None:
    clock = Clock()
    links = ReportLinks(KEY, ttl_seconds=900, clock=clock)
    token = links.issue("wres-2026-03-all.html", b"<html>", actor="teams:t:u")
    assert links.redeem(token).content == b"<html>"
    assert links.redeem(token).content_type.startswith("text/html")
    clock.now += 902
    with pytest.raises(LinkExpired):
        links.redeem(token)


def test_forged_mangled_and_foreign_tokens_are_unknown() -> None:
    links = ReportLinks(KEY, ttl_seconds=900)
    token = links.issue("wres.xlsx", b"PK", actor="a")
    file_id, expires, signature = token.split(".")
    later = f"{file_id}.{int(expires) + 3600}.{signature}"  # stretching the time breaks it
    other = ReportLinks(b"x" * 32, ttl_seconds=900).issue("wres.xlsx", b"PK", actor="a")
    for bad in (later, other, "nonsense", f"{file_id}..{signature}", token + "x"):
        with pytest.raises(LinkInvalid):
            links.redeem(bad)
