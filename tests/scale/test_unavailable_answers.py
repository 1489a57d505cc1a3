"""What Slack is told while the database is unreachable, and what counts as unreachable."""

from __future__ import annotations

import json

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.slack.unavailable import TRY_AGAIN, unavailable_answer
from handlers.availability import store_unavailable


def _body(answer: object) -> object:
    return json.loads(str(answer))


def test_a_submission_keeps_its_form_with_try_again_on_the_first_input() -> None:
    view = {"blocks": [{"type": "section"}, {"type": "input", "block_id": "ethnicity"}]}
    answer = unavailable_answer({"type": "view_submission", "view": view})
    assert answer.status == 200
    assert _body(answer.body) == {"response_action": "errors", "errors": {"ethnicity": TRY_AGAIN}}


def test_a_command_gets_an_ephemeral_and_anything_else_a_5xx_for_slack_to_retry() -> None:
    command = unavailable_answer({"command": "/pulse", "text": "status"})
    assert command.status == 200 and _body(command.body)["response_type"] == "ephemeral"  # type: ignore[index]
    for body in (
        {"type": "event_callback"},
        {"type": "block_actions"},
        {"type": "view_submission"},
    ):
        assert unavailable_answer(body).status == 503


def test_only_connection_trouble_counts_as_unavailable() -> None:
    down = OperationalError("SELECT 1", {}, Exception("connection refused"))
    assert store_unavailable(down)
    assert store_unavailable(PoolTimeout("no connection free"))
    wrapped = RuntimeError("while recording")
    wrapped.__cause__ = down
    assert store_unavailable(wrapped)
    assert not store_unavailable(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not store_unavailable(ValueError("a bug"))
