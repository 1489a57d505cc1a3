"""POST /slack/events: what every request meets before a listener sees it, in order.

1. size: aiohttp's client_max_size answers 413; 2. a timestamp header that is a number
at all (401); 3. shape (400); then bolt: 4. Slack's signature and the 5-minute window,
verified by bolt alone (401); 5. our middleware (bot.slack.request_guard): the size
limit again (413) and replay, a signed request accepted once (401).
No answer ever carries a stack trace.
"""

from __future__ import annotations

import json
import logging
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.slack.payload import Malformed, check_shape
from bot.slack.request_body import SlackRequest
from bot.slack.request_guard import RECEIVED_AT, REQUESTS, refusal

log = logging.getLogger(__name__)


def _outcome(response: BoltResponse) -> str:
    if response.status < 400:
        return "handled"
    try:
        return str(json.loads(response.body).get("error", response.status))
    except (ValueError, AttributeError):
        return str(response.status)


async def _answer(response: BoltResponse) -> web.StreamResponse:
    REQUESTS.inc(outcome=_outcome(response).replace(" ", "_"))
    return await to_aiohttp_response(response)


class SlackEvents:
    def __init__(self, app: AsyncApp) -> None:
        self._app = app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()  # over client_max_size: aiohttp answers 413
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        # isascii: "²" and other Unicode digits pass isdigit() but not int().
        if not (timestamp.isascii() and timestamp.isdigit()):
            return await _answer(refusal(401, "invalid request"))
        try:
            bolt_request = SlackRequest(
                body=body.decode("utf-8"),
                query=request.query_string,
                headers=dict(request.headers),
                # Deadlines count from here (handlers.deadline).
                context={RECEIVED_AT: time.monotonic()},
            )
            check_shape(bolt_request.body)
        except (
            UnicodeDecodeError,
            json.JSONDecodeError,
            Malformed,
            TypeError,
            ValueError,
            AttributeError,  # a JSON list or null where bolt expects an object
            RecursionError,  # JSON nested deeper than the parser goes
        ):
            return await _answer(refusal(400, "malformed payload"))
        try:
            response = await self._app.async_dispatch(bolt_request)
        except Exception as exc:  # never a stack trace to Slack, nor a body to the log
            log.error("request failed: %s", type(exc).__name__)
            return await _answer(refusal(500, "internal error"))
        if response.status == 404:
            return await _answer(refusal(404, "unknown action"))
        return await _answer(response)
