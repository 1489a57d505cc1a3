"""The answer to Slack while the database is out of reach (a restart, a lost connection):
fast and honest, never a hang past Slack's 3 s.

- a modal submission keeps its form open, with "try again" on its first input, so the
  person's answers are still there to submit again;
- a slash command gets an ephemeral "try again";
- anything else (events, button clicks) gets HTTP 503, so Slack retries the event.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.response import BoltResponse

from handlers.messages import NotRecorded

TRY_AGAIN = "We couldn't record your answer just now. Please try again in a moment."
TRY_AGAIN_SHORTLY = NotRecorded().text  # the database is there but too slow just now
TRY_LATER = "Big Conversation can't reach its database just now. Please try again in a moment."


def _first_input(view: Any) -> str | None:
    for block in (view or {}).get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def unavailable_answer(body: Any, *, text: str = TRY_AGAIN) -> BoltResponse:
    kind = body.get("type") if isinstance(body, dict) else None
    if kind == "view_submission":
        block = _first_input(body.get("view"))
        if block is not None:
            errors = {"response_action": "errors", "errors": {block: text}}
            return BoltResponse(status=200, body=errors)
    if isinstance(body, dict) and body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": TRY_LATER})
    return BoltResponse(status=503, body={"error": "temporarily unavailable"})
