"""A marked submission goes through the whole stack with every logger at DEBUG: the marker
reaches the server but no log line and no database file."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from bot.log_privacy import PrivacyFilter
from bot.slack.ids import ActionId
from standins.slack import payloads, signed_request
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.test_pulse_flow import invite, values

MARKER = "ZQXSLACKMARK"
LOGGERS = ("", "slack_bolt", "slack_sdk", "aiohttp", "bot", "handlers", "storage", "sqlalchemy")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Our handler with its privacy filter, every logger at DEBUG (the worst case)."""
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


async def test_a_marked_submission_leaves_no_trace_in_logs_or_storage(
    harness: Harness, captured: io.StringIO, database_url: str
) -> None:
    h = harness
    round_id = await invite(h)
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
    )
    await eventually(lambda: bool(h.slack.views_opened))
    modal = h.slack.views_opened[0]
    marked = values() | {"comment": {"note": payloads.text_input(MARKER)}}
    sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=marked)
    assert sent.status == 200 and MARKER.encode() in sent.request.body
    wrong = values(ethnicity=MARKER)
    refused = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=wrong)
    assert refused.json()["response_action"] == "errors" and MARKER not in refused.text
    unknown = await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=MARKER, value=MARKER
    )
    assert unknown.status == 404
    junk = signed_request(
        h.slack.signing_secret, f"payload={MARKER}".encode(), "application/x-www-form-urlencoded"
    )
    assert (await h.slack.caller.post(h.url, junk)).status == 400
    await eventually(lambda: bool(h.slack.calls("chat.update")))
    h.store.rounds.close(round_id)

    logged = captured.getvalue()
    assert "slack_bolt" in logged or "slack_sdk" in logged  # the libraries really logged
    for secret in (MARKER, STAFF_USER):
        assert secret not in logged
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{url.database}{suffix}")
            if path.exists():
                assert MARKER.encode() not in path.read_bytes()
