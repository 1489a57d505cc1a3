"""The stand-in's HTTP routes: the Bot Connector under /teams/v3, and the token issuer.

Each Connector request meets, in order: injected faults, the bearer token (when required),
the conversation's existence and block, rate limits, then the operation itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from typing import Any

import jwt
from aiohttp import web

from standins.clock import Clock
from standins.teams import operations
from standins.teams.faults import Fault, FaultPlan
from standins.teams.operations import Answer, ConnectorError
from standins.teams.rate_limits import RateLimiter, RateLimits
from standins.teams.state import Call, State
from standins.teams.tokens import CONNECTOR_AUDIENCE, LocalIssuer, client_credentials

PREFIX = "/teams"  # Teams' serviceUrl is https://smba.trafficmanager.net/teams/ (or /amer/...)
DENIED = {"message": "Authorization has been denied for this request."}
WRITES = frozenset({"send", "reply", "update", "delete"})

Operation = Callable[[State, str | None, Any, Mapping[str, str]], Answer]


def _json(status: int, body: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    if body is None:
        return web.Response(status=status, headers=headers)
    return web.json_response(body, status=status, headers=headers)


class ConnectorApi:
    """Request handling for one stand-in."""

    def __init__(
        self,
        state: State,
        issuer: LocalIssuer,
        limits: RateLimits,
        clock: Clock,
        *,
        require_auth: bool,
        secrets: Mapping[str, str],
    ) -> None:
        self.state = state
        self.issuer = issuer
        self.require_auth = require_auth
        self.secrets = dict(secrets)
        self.faults = FaultPlan(clock)
        self.limiter = RateLimiter(limits, clock)

    def handler(self, route: str, operation: Operation) -> Callable[..., Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            return await self._serve(request, route, operation)

        return handle

    async def _serve(
        self, request: web.Request, route: str, operation: Operation
    ) -> web.StreamResponse:
        conversation_id = request.match_info.get("cid")
        body: Any = None
        if request.can_read_body:
            try:
                body = json.loads(await request.text())
            except json.JSONDecodeError:
                body = ConnectorError(400, "BadArgument", "The request body is not JSON.")
        call = Call(
            request.method,
            request.path,
            route,
            conversation_id,
            None if isinstance(body, ConnectorError) else body,
            request.headers.get("Authorization"),
            self.state.clock(),
        )
        self.state.calls.append(call)
        fault = self.faults.next_fault(route, conversation_id)
        if fault is not None:
            answer = await self._apply_fault(request, fault, call)
            if answer is not None:
                return answer
        try:
            if isinstance(body, ConnectorError):
                raise body
            self._admit(request, route, conversation_id, body)
            status, result, headers = operation(
                self.state, conversation_id, body, request.match_info
            )
        except ConnectorError as exc:
            status, result, headers = exc.status, exc.body, exc.headers
        call.status, call.response = status, result
        return _json(status, result, headers)

    def _admit(self, request: web.Request, route: str, cid: str | None, body: Any) -> None:
        """Raise the refusal Teams would give before doing the operation, if any."""
        if self.require_auth and not self._authorized(request.headers.get("Authorization")):
            raise ConnectorError(401, body=DENIED)
        thread: str | None = None
        if cid is not None:
            conversation = operations.conversation(self.state, cid)
            if conversation.blocked is not None and route in WRITES:
                raise ConnectorError(403, *conversation.blocked)
            thread = cid if route in WRITES else None
        elif route == "create" and isinstance(body, dict):
            first = (body.get("members") or [{}])[0]  # creates are limited per member
            thread = str(first.get("id", "")) if isinstance(first, dict) else None
        retry_after = self.limiter.check(self.state.tenant.id, thread)
        if retry_after is not None:
            raise ConnectorError(
                429, "Throttled", "Too many requests.", {"Retry-After": str(retry_after)}
            )

    def _authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        try:
            self.issuer.verify(header.removeprefix("Bearer "), CONNECTOR_AUDIENCE)
        except jwt.PyJWTError:
            return False
        return True

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
        call.status, call.response = fault.status, fault.body()
        headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else None
        return _json(fault.status, call.response, headers)

    # the issuer, at the paths Bot Framework and Entra use

    async def openid(self, request: web.Request) -> web.Response:
        return _json(200, self.issuer.openid_configuration(self.state.origin, self.state.tenant.id))

    async def keys(self, request: web.Request) -> web.Response:
        return _json(200, self.issuer.jwks())

    async def token(self, request: web.Request) -> web.Response:
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        tenant_id = request.match_info["tenant"]
        call = Call("POST", request.path, "token", None, {"client_id": form.get("client_id")},
                    None, self.state.clock())  # fmt: skip
        self.state.calls.append(call)
        call.status, call.response = client_credentials(self.issuer, form, self.secrets, tenant_id)
        return _json(call.status, call.response)


def build_app(api: ConnectorApi) -> web.Application:
    app = web.Application()
    conv, acts = f"{PREFIX}/v3/conversations", f"{PREFIX}/v3/conversations/{{cid}}/activities"
    members = f"{PREFIX}/v3/conversations/{{cid}}/members"
    app.router.add_post(conv, api.handler("create", operations.create))
    app.router.add_post(acts, api.handler("send", operations.send))
    app.router.add_post(acts + "/{aid}", api.handler("reply", operations.send))
    app.router.add_put(acts + "/{aid}", api.handler("update", operations.update))
    app.router.add_delete(acts + "/{aid}", api.handler("delete", operations.delete))
    app.router.add_get(members, api.handler("members", operations.members))
    app.router.add_get(members + "/{mid}", api.handler("member", operations.member))
    for paged in ("pagedmembers", "pagedMembers"):  # the SDK's two clients spell it both ways
        path = f"{PREFIX}/v3/conversations/{{cid}}/{paged}"
        app.router.add_get(path, api.handler("members", operations.paged_members))
    app.router.add_get(
        f"{PREFIX}/v3/teams/{{team}}/conversations",
        api.handler("channels", operations.team_channels),
    )
    app.router.add_get("/v1/.well-known/openidconfiguration", api.openid)
    app.router.add_get("/.well-known/openid-configuration", api.openid)
    app.router.add_get("/v1/.well-known/keys", api.keys)
    app.router.add_post("/{tenant}/oauth2/v2.0/token", api.token)
    return app
