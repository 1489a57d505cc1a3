"""HAProxy for the scale tests: skipped with the reason when it is not installed, except
in CI (CI=true), where its absence is a failure (.ci/run installs it)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest

from tests.scale.cluster import HAPROXY_HINT, haproxy_binary


def need_haproxy(found: str | None, environ: Mapping[str, str]) -> str:
    """The binary; or skip, saying why; or, under CI=true, fail."""
    if found is not None:
        return found
    if environ.get("CI") == "true":
        pytest.fail(f"{HAPROXY_HINT}; CI must have it", pytrace=False)
    pytest.skip(HAPROXY_HINT)


@pytest.fixture
def haproxy() -> str:
    return need_haproxy(haproxy_binary(), os.environ)
