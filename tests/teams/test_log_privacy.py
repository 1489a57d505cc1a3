"""A pulse through the whole Teams stack with every logger at DEBUG: no user id, no
answer and no report figure appears in the log output."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.log_privacy import PrivacyFilter
from tests.teams.conftest import NOT_APP_KEY, Harness
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
LOGGERS = ("", "microsoft_agents", "msal", "aiohttp", "bot", "handlers", "storage")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(PrivacyFilter())
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield out
    logging.getLogger().removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_logs_hold_no_user_ids_or_answers(harness: Harness, captured: io.StringIO) -> None:
    h = harness
    round_id = await invited(h)
    await start(h, 1)
    marked = {**ANSWERS, "ethnicity": "ZQXTEAMSMARK"}  # refused: shown nowhere either
    await submit(h, 1, round_id, marked)
    await submit(h, 1, round_id, ANSWERS)
    await h.teams.caller.send_message(h.url, h.user(2), "my-data")
    await h.teams.caller.send_message(h.url, h.user(2), "ZQXTEAMSMARK typed text")
    h.teams.inject("reply", status=500, message="ZQXTEAMSMARK in an error body")
    await h.teams.caller.send_message(h.url, h.user(3), "help")
    logged = captured.getvalue()
    assert logged  # the loggers did run at DEBUG
    for user in h.teams.tenant.users:
        assert user.id not in logged and user.aad_object_id not in logged
    assert "ZQXTEAMSMARK" not in logged
    assert '"q14a"' not in logged and "Bangladeshi" not in logged
