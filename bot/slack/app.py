"""The bolt AsyncApp: request verification always on, our listeners, a quiet logger and
an error handler that says nothing about the request."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.log_privacy import quiet_third_parties
from bot.slack.deps import SlackDeps
from bot.slack.listeners import register
from bot.slack.request_guard import RequestGuard
from bot.slack.unavailable import unavailable_answer
from handlers.availability import store_unavailable

log = logging.getLogger(__name__)


async def _on_error(
    error: Exception, body: dict[str, Any], response: BoltResponse | None
) -> BoltResponse | None:
    # Only the kind of failure: the body holds user ids and, for a submission, answers.
    # `response` is None once the request was acknowledged: nothing more can be said.
    if store_unavailable(error) and response is not None:
        log.warning("database unreachable: asked Slack to try again (%s)", type(error).__name__)
        return unavailable_answer(body)
    log.error("listener failed: %s", type(error).__name__)
    return None


def build_slack_app(
    *, client: AsyncWebClient, signing_secret: str, deps: SlackDeps, max_body_bytes: int
) -> AsyncApp:
    quiet_third_parties()
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        # Never switched off (CONTRIBUTING.md): bolt alone checks the signature.
        request_verification_enabled=True,
        logger=logging.getLogger("slack_bolt.AsyncApp"),
    )
    # Runs after bolt's own verification, before any listener.
    app.use(RequestGuard(deps.backend, max_body_bytes=max_body_bytes))
    register(app, deps)
    app.error(_on_error)
    return app
