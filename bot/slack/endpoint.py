"""POST /slack/events: the checks every request meets before bolt sees it, in order.

1. size (aiohttp's client_max_size answers 413), 2. Slack's signature and the 5-minute
window (401), 3. replay: a signed request is accepted once (401), 4. shape (400).
Bolt then verifies the signature again itself: its verification is never switched off.
No answer ever carries a stack trace.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.slack.payload import Malformed, check_shape
from handlers.metrics import Counter
from handlers.store_calls import StoreCalls

log = logging.getLogger(__name__)
REQUESTS = Counter("bigconv_slack_requests_total", "Requests to /slack/events, by outcome.")
WINDOW = 60 * 5  # seconds, as slack_sdk's SignatureVerifier
FirstSighting = Callable[[str, int, int], bool]  # (signature, timestamp, now) → first time?


def _refuse(status: int, error: str) -> web.Response:
    REQUESTS.inc(outcome=error.replace(" ", "_"))
    return web.json_response({"error": error}, status=status)


class SlackEvents:
    def __init__(
        self,
        app: AsyncApp,
        *,
        signing_secret: str,
        first_sighting: FirstSighting,
        calls: StoreCalls,
    ) -> None:
        self._app = app
        self._secret = signing_secret.encode()
        self._first_sighting, self._calls = first_sighting, calls

    def _valid(self, body: bytes, timestamp: str, signature: str, now: int) -> bool:
        """Slack's v0 scheme over the raw bytes (slack_sdk's verifier needs UTF-8 first)."""
        # isascii: "²" and other Unicode digits pass isdigit() but not int().
        if not (timestamp.isascii() and timestamp.isdigit()) or abs(now - int(timestamp)) > WINDOW:
            return False
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

    async def _signed_once(self, request: web.Request, body: bytes) -> bool:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        now = int(time.time())
        if not self._valid(body, timestamp, signature, now):
            return False
        return await self._calls(self._first_sighting, signature, int(timestamp), now)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()  # over client_max_size: aiohttp answers 413
        if not await self._signed_once(request, body):
            return _refuse(401, "invalid request")
        try:
            bolt_request = AsyncBoltRequest(
                body=body.decode("utf-8"),
                query=request.query_string,
                headers=dict(request.headers),
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
            return _refuse(400, "malformed payload")
        if bolt_request.body.get("type") == "app_rate_limited":
            # Slack only tells us it dropped events for a minute; bolt has nothing to
            # route it to. Acknowledge it here.
            log.warning("Slack rate-limited the events sent to this app for a minute")
            REQUESTS.inc(outcome="rate_limited_notice")
            return web.json_response({})
        try:
            response = await self._app.async_dispatch(bolt_request)
        except Exception as exc:  # never a stack trace to Slack, nor a body to the log
            log.error("request failed: %s", type(exc).__name__)
            return _refuse(500, "internal error")
        if response.status == 404:
            return _refuse(404, "unknown action")
        REQUESTS.inc(outcome="handled")
        return await to_aiohttp_response(response)
