"""What the scale tests need from the machine (HAProxy, PostgreSQL's server binaries for a
private cluster) and that cluster: without them they skip and say why, except in CI
(CI=true), where their absence is a failure (.ci/run provides both)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import NoReturn

import pytest

from tests.scale.cluster import HAPROXY_HINT, haproxy_binary
from tests.scale.private_pg import PrivatePostgres, private_postgres, unavailable_reason


def missing(why: str, environ: Mapping[str, str]) -> NoReturn:
    """Skip, saying why; or, under CI=true, fail: CI must be able to run every test."""
    if environ.get("CI") == "true":
        pytest.fail(f"{why}; CI must have it", pytrace=False)
    pytest.skip(why)


def need_haproxy(found: str | None, environ: Mapping[str, str]) -> str:
    """The binary, or `missing`."""
    if found is None:
        missing(HAPROXY_HINT, environ)
    return found


@pytest.fixture
def haproxy() -> str:
    return need_haproxy(haproxy_binary(), os.environ)


@pytest.fixture
def cluster() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL cluster the test may stop and start (never the shared one)."""
    why = unavailable_reason()
    if why is not None:
        missing(why, os.environ)
    with private_postgres() as pg:
        yield pg
