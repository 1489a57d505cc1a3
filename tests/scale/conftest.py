"""HAProxy for the scale tests: skipped with the reason when it is not installed, except
in CI (CI=true), where its absence is a failure (.ci/run installs it)."""

from __future__ import annotations

import os

import pytest

from tests.scale.cluster import HAPROXY_HINT, haproxy_binary


@pytest.fixture
def haproxy() -> str:
    found = haproxy_binary()
    if found is not None:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{HAPROXY_HINT}; CI must have it", pytrace=False)
    pytest.skip(HAPROXY_HINT)
