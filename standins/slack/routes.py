"""The stand-in's HTTP routes: /api/{method} like slack.com/api, upload URLs, response_urls.

Each Web API request meets, in Slack's order: injected faults, auth, rate limits, then
the method itself. Errors are HTTP 200 `ok: false` bodies except 429 and injected 5xx.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from standins.clock import Clock
from standins.slack import chat, files, users, views
from standins.slack.faults import Fault, FaultPlan
from standins.slack.methods import Method, SlackError
from standins.slack.rate_limits import RateLimiter, RateLimits
from standins.slack.state import Call, ResponseUrlPost, State

FAULT_ERRORS = {429: "ratelimited", 500: "fatal_error", 503: "service_unavailable"}
NO_AUTH_METHODS = frozenset({"api.test"})
RESPONSE_URL_USES = 5  # Slack accepts five posts to one response_url, within 30 minutes


def _api_test(state: State, params: Any) -> dict[str, Any]:
    return {"ok": True, "args": dict(params)}


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string, form fields and JSON body merged, as Slack accepts any of them."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.text())
        except json.JSONDecodeError as exc:
            raise SlackError("invalid_json") from exc
        if isinstance(body, dict):
            params.update(body)
    elif request.can_read_body:
        params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params


def _json(body: dict[str, Any], status: int = 200, **headers: str) -> web.Response:
    return web.json_response(body, status=status, headers=headers or None)


class WebApi:
    """Request handling for one stand-in: faults, auth, rate limits, then the method."""

    def __init__(
        self, state: State, token: str, limits: RateLimits, clock: Clock, trigger_ttl: float
    ) -> None:
        self.state = state
        self.token = token
        self.faults = FaultPlan(clock)
        self.limiter = RateLimiter(limits, clock)
        self.methods: dict[str, Method] = {
            "api.test": _api_test,
            **users.METHODS,
            **chat.METHODS,
            **views.methods(trigger_ttl),
            **files.METHODS,
        }

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            params = await read_params(request)
        except SlackError as exc:
            refused = {"ok": False, "error": exc.code}
            self.state.calls.append(Call(method, {}, self.state.clock(), 200, refused))
            return _json(refused)
        token = params.pop("token", None)  # a token sent in the body is never recorded
        call = Call(method, params, self.state.clock())
        self.state.calls.append(call)
        fault = self.faults.next_fault(method, params)
        if fault is not None:
            answer = await self._apply_fault(request, fault, call)
            if answer is not None:
                return answer
        status, body, headers = self._answer(request, method, params, token)
        call.status, call.response = status, body
        return _json(body, status, **headers)

    def _answer(
        self, request: web.Request, method: str, params: dict[str, Any], token: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if method not in NO_AUTH_METHODS:
            error = self._auth_error(request.headers.get("Authorization"), token)
            if error:
                return 200, {"ok": False, "error": error}, {}
        handler = self.methods.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method", "req_method": method}, {}
        retry_after = self.limiter.check_method(method)
        if retry_after is None and method == "chat.postMessage":
            channel = users.conversation_key(self.state, params.get("channel"))
            retry_after = self.limiter.check_post(channel)
        if retry_after is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
        try:
            return 200, handler(self.state, params), {}
        except SlackError as exc:
            return 200, {"ok": False, "error": exc.code}, {}

    def _auth_error(self, header: str | None, body_token: Any) -> str | None:
        if header and header.startswith("Bearer "):
            presented: Any = header.removeprefix("Bearer ")
        else:
            presented = body_token
        if not presented:
            return "not_authed"
        return None if presented == self.token else "invalid_auth"

    async def _apply_fault(
        self, request: web.Request, fault: Fault, call: Call
    ) -> web.StreamResponse | None:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.disconnect:
            call.status = 0  # no answer at all
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # aiohttp drops the request quietly
        if not fault.answers:
            return None
        error = fault.error or FAULT_ERRORS.get(fault.status, "fatal_error")
        body = {"ok": False, "error": error}
        call.status, call.response = fault.status, body
        if fault.status == 429:
            return _json(body, 429, **{"Retry-After": str(fault.retry_after)})
        return _json(body, fault.status)

    async def upload(self, request: web.Request) -> web.Response:
        problem = files.receive_upload(
            self.state, request.match_info["file_id"], await request.read()
        )
        if problem is not None:
            return web.Response(status=400, text=problem, content_type="text/plain")
        size = len(self.state.files[request.match_info["file_id"]].content or b"")
        return web.Response(text=f"OK - {size}", content_type="text/plain")

    async def response_url(self, request: web.Request) -> web.Response:
        """Record a JSON message the app sent to a response_url; Slack takes five per URL."""
        url = str(request.url)
        if sum(1 for r in self.state.responses if r.url == url) >= RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url", content_type="text/plain")
        try:
            body = json.loads(await request.text())
        except json.JSONDecodeError:
            body = None
        if not isinstance(body, dict):
            return web.Response(status=400, text="invalid_payload", content_type="text/plain")
        self.state.responses.append(ResponseUrlPost(url, body))
        return web.Response(text="ok", content_type="text/plain")


def build_app(api: WebApi) -> web.Application:
    app = web.Application()
    app.router.add_route("*", "/api/{method}", api.handle)
    app.router.add_post(files.UPLOAD_PATH + "{file_id}", api.upload)
    app.router.add_post("/response/{key}", api.response_url)
    return app
