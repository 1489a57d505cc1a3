"""The contract's one fixture, `driver`: the same tests run against Slack (signed HTTP to
our server, the Slack stand-in behind it) and Teams (Activity JSON to /api/messages, the
Teams stand-in behind it), each on SQLite and PostgreSQL. The platform fixtures are the
ones the wing tests use, imported so pytest finds them here."""

from __future__ import annotations

import pytest

from storage.store import Store
from tests.contract.drivers import Driver, SlackDriver, TeamsDriver
from tests.slack.conftest import store, workspace
from tests.slack.discussion.conftest import harness
from tests.teams.conftest import teams, trusted
from tests.teams.discussion.conftest import conv

__all__ = ["conv", "harness", "store", "teams", "trusted", "workspace"]


@pytest.fixture(params=["slack", "teams"])
def driver(request: pytest.FixtureRequest, store: Store) -> Driver:
    # `store` is asked for here so its database parameters (SQLite, PostgreSQL) apply.
    assert store.k == 3
    if request.param == "slack":
        return SlackDriver(request.getfixturevalue("harness"))
    return TeamsDriver(request.getfixturevalue("conv"))
