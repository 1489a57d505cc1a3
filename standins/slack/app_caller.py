"""Slack calling the app: signed Events API, interactivity and slash command requests.

The simulated staff use this to click, submit and type commands. Each interaction carries
a fresh trigger_id the stand-in's views.open will accept, and a response_url the
stand-in hosts and records.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from standins.slack import payloads
from standins.slack.signing import (
    FORM,
    JSON,
    SignedRequest,
    event_body,
    form_body,
    interactivity_body,
    signed_request,
)
from standins.slack.state import Message, State, View
from standins.slack.users import dm_channel_id
from standins.slack.views import as_slack_view


@dataclass(frozen=True)
class AppResponse:
    """What the app answered, and the exact request, for replaying it."""

    status: int
    text: str
    request: SignedRequest

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class StandInClient:
    """Sends signed requests to the app's URL, as Slack would. Opened by `SlackStandIn`."""

    def __init__(self, state: State, signing_secret: str) -> None:
        self._state = state
        self._secret = signing_secret
        self._session: aiohttp.ClientSession | None = None
        self._counter = itertools.count(1)

    async def open(self) -> None:
        self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def post(self, app_url: str, request: SignedRequest) -> AppResponse:
        """Send an already-signed request; sending one twice is a replay."""
        if self._session is None:
            raise RuntimeError("the stand-in is not running")
        async with self._session.post(app_url, data=request.body, headers=request.headers) as res:
            return AppResponse(res.status, await res.text(), request)

    async def send_event(
        self, app_url: str, event: Mapping[str, Any], *, timestamp: int | None = None
    ) -> AppResponse:
        event_id = f"Ev{next(self._counter):08d}"
        envelope = payloads.event_callback(event, event_id=event_id, event_time=int(time.time()))
        return await self._send(app_url, event_body(envelope), JSON, timestamp)

    async def verify_url(self, app_url: str, challenge: str) -> AppResponse:
        body = event_body(payloads.url_verification(challenge))
        return await self._send(app_url, body, JSON, None)

    async def click_button(
        self,
        app_url: str,
        *,
        user: str,
        action_id: str,
        value: str,
        block_id: str = "actions",
        message: Message | Mapping[str, Any] | None = None,
        channel: str | None = None,
        view: View | Mapping[str, Any] | None = None,
        timestamp: int | None = None,
    ) -> AppResponse:
        """A click on a button in a message (default: the user's DM) or in a view."""
        if isinstance(message, Message):
            channel = channel or message.channel
            message = {"ts": message.ts, "text": message.text, "blocks": message.blocks}
        payload = payloads.block_actions(
            user=user,
            action_id=action_id,
            value=value,
            block_id=block_id,
            trigger_id=self._state.issue_trigger(user),
            response_url=self.new_response_url(),
            channel=channel or dm_channel_id(user),
            message=message,
            view=as_slack_view(view) if isinstance(view, View) else view,
        )
        return await self._send(app_url, interactivity_body(payload), FORM, timestamp)

    async def submit_view(
        self,
        app_url: str,
        *,
        user: str,
        view: View | Mapping[str, Any],
        values: payloads.StateValues,
        timestamp: int | None = None,
    ) -> AppResponse:
        """Submit a modal with `values` as `state.values` (block_id → action_id → state)."""
        shown = as_slack_view(view) if isinstance(view, View) else view
        payload = payloads.view_submission(
            user=user, view=shown, values=values, trigger_id=self._state.issue_trigger(user)
        )
        return await self._send(app_url, interactivity_body(payload), FORM, timestamp)

    async def slash_command(
        self,
        app_url: str,
        *,
        user: str,
        command: str,
        text: str = "",
        channel: str | None = None,
        timestamp: int | None = None,
    ) -> AppResponse:
        fields = payloads.slash_command(
            user=user,
            command=command,
            text=text,
            channel=channel or dm_channel_id(user),
            trigger_id=self._state.issue_trigger(user),
            response_url=self.new_response_url(),
        )
        return await self._send(app_url, form_body(fields), FORM, timestamp)

    def new_response_url(self) -> str:
        return f"{self._state.origin}/response/{next(self._counter):06d}"

    async def _send(
        self, app_url: str, body: bytes, content_type: str, timestamp: int | None
    ) -> AppResponse:
        request = signed_request(self._secret, body, content_type, timestamp=timestamp)
        return await self.post(app_url, request)
