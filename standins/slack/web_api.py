"""A local stand-in for Slack: the Web API an app calls, and Slack's calls into the app.

    async with SlackStandIn() as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.base_url)
        await client.chat_postMessage(channel="U0000001", text="hi")
        assert slack.messages_to("U0000001")[0].text == "hi"

Runs on 127.0.0.1 on an ephemeral port. Everything it received is kept for assertions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from aiohttp import web

from standins.clock import Clock, system_clock
from standins.slack.app_caller import StandInClient
from standins.slack.faults import Fault, Storm
from standins.slack.rate_limits import RateLimits
from standins.slack.routes import WebApi, build_app
from standins.slack.state import (
    Call,
    Ephemeral,
    Message,
    ResponseUrlPost,
    State,
    UploadedFile,
    View,
)
from standins.slack.users import conversation_key
from standins.slack.views import TRIGGER_TTL
from standins.slack.workspace import Workspace


class SlackStandIn:
    """The fake Slack for one test or one `bigconv demo` run."""

    def __init__(
        self,
        *,
        token: str = "xoxb-standin-0000",
        signing_secret: str = "standin-signing-secret",
        workspace: Workspace | None = None,
        limits: RateLimits | None = None,
        clock: Clock = system_clock,
        trigger_ttl: float = TRIGGER_TTL,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.signing_secret = signing_secret
        self.state = State(workspace or Workspace.sample(), clock)
        self._api = WebApi(self.state, token, limits or RateLimits(), clock, trigger_ttl)
        self.caller = StandInClient(self.state, signing_secret)
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None

    # lifecycle

    async def start(self) -> None:
        self._runner = web.AppRunner(build_app(self._api), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        host, port = self._runner.addresses[0][:2]
        self.state.origin = f"http://{host}:{port}"
        await self.caller.open()

    async def stop(self) -> None:
        await self.caller.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SlackStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For `AsyncWebClient(base_url=...)`: ends in "/api/" like https://slack.com/api/."""
        if not self.state.origin:
            raise RuntimeError("start the stand-in first")
        return f"{self.state.origin}/api/"

    @property
    def workspace(self) -> Workspace:
        return self.state.workspace

    # what was received

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self.state.calls if method is None or c.method == method]

    @property
    def messages(self) -> list[Message]:
        return list(self.state.messages)

    def messages_to(self, channel: str) -> list[Message]:
        """Messages in a channel; a user id means that person's DM, as when posting."""
        return self.state.messages_to(conversation_key(self.state, channel))

    @property
    def ephemerals(self) -> list[Ephemeral]:
        return list(self.state.ephemerals)

    @property
    def files(self) -> list[UploadedFile]:
        """Files whose upload was completed (shared or not)."""
        return [f for f in self.state.files.values() if f.shared]

    @property
    def views_opened(self) -> list[View]:
        return list(self.state.views_opened)

    @property
    def home_views(self) -> Mapping[str, dict[str, Any]]:
        return self.state.home_views

    @property
    def responses(self) -> list[ResponseUrlPost]:
        """Bodies the app posted to response_urls the stand-in handed out."""
        return list(self.state.responses)

    def delivered_keys(self) -> Counter[str]:
        """How many messages carried each delivery idempotency key (want: all 1)."""
        return self.state.delivered_keys()

    def duplicate_messages(self) -> int:
        return self.state.duplicate_messages()

    def issue_trigger(self, user: str) -> str:
        return self.state.issue_trigger(user)

    # faults

    def inject(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        disconnect: bool = False,
        where: Mapping[str, str] | None = None,
    ) -> Fault:
        """Fail the next `times` calls to `method` ("*": any) whose params match `where`.

        `status` 429 adds Retry-After; 5xx answers with an error body; `error` alone gives
        Slack's HTTP 200 `ok: false` (a permanent failure); `delay` slows the answer;
        `disconnect` drops the connection with no answer at all.
        """
        return self._api.faults.add(
            Fault(method, status, error, retry_after, delay, disconnect, times, dict(where or {}))
        )

    def storm(
        self, *, every: int, duration: float, retry_after: int = 1, methods: tuple[str, ...] = ()
    ) -> Storm:
        """For `duration` seconds, refuse every `every`-th request (to `methods`) with 429."""
        return self._api.faults.storm(
            every=every, duration=duration, retry_after=retry_after, methods=frozenset(methods)
        )

    def clear_faults(self) -> None:
        self._api.faults.clear()
