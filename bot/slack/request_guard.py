"""Bolt middleware that runs after bolt has verified the signature (its verification is
never switched off, and nothing verifies it a second time): the size limit, the replay
guard, and Slack's rate-limit notice, which no listener takes.

The replay check has a deadline too (handlers.deadline): a request it cannot check in
time gets "try again" (a submission keeps its form open; an event gets a 503, which Slack
retries) and leaves nothing behind."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.unavailable import TRY_AGAIN_SHORTLY, unavailable_answer
from handlers.backend import Backend
from handlers.metrics import Counter
from handlers.replay_guard import first_sighting

log = logging.getLogger(__name__)
RECEIVED_AT = "bigconv_received_at"  # set by bot.slack.endpoint, time.monotonic()
REQUESTS = Counter("bigconv_slack_requests_total", "Requests to /slack/events, by outcome.")


def refusal(status: int, error: str) -> BoltResponse:
    """Counted by the endpoint, which sees every answer."""
    return BoltResponse(status=status, body={"error": error})


def _header(req: AsyncBoltRequest, name: str) -> str:
    values = req.headers.get(name) or [""]
    return str(values[0])


class RequestGuard(AsyncMiddleware):
    def __init__(self, backend: Backend, *, max_body_bytes: int) -> None:
        self._backend, self._max_bytes = backend, max_body_bytes

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt's own name
    ) -> BoltResponse | None:
        if len(req.raw_body.encode()) > self._max_bytes:
            return refusal(413, "request too large")
        signature = _header(req, "x-slack-signature")
        # Bolt has checked the timestamp is a number inside the 5-minute window.
        timestamp = int(_header(req, "x-slack-request-timestamp"))
        received_at = req.context.get(RECEIVED_AT)
        first = await first_sighting(
            self._backend, signature, timestamp, int(time.time()), received_at=received_at
        )
        if first is None:  # not checked in time, nothing recorded: Slack or the person retries
            log.warning("the replay check could not reach the database in time: try again")
            REQUESTS.inc(outcome="not_checked_in_time")
            return unavailable_answer(req.body, text=TRY_AGAIN_SHORTLY)
        if not first:
            return refusal(401, "invalid request")
        if req.body.get("type") == "app_rate_limited":
            # Slack only tells us it dropped events for a minute; acknowledge it here.
            log.warning("Slack rate-limited the events sent to this app for a minute")
            REQUESTS.inc(outcome="rate_limited_notice")
            return BoltResponse(status=200, body="{}")
        return await next()
