"""The one aiohttp server: POST /slack/events, GET /healthz, GET /metrics (and POST
/api/messages with GET /reports/{token}, mounted by bot.teams.endpoint.add_teams_routes).

Draining (README "Running more than one replica"): once `draining` is set, /healthz
answers 503 "draining" so the load balancer stops sending requests here, while requests
that still arrive are served, each on a connection closed after its response so the
balancer's pooled connections move to another replica.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from sqlalchemy import text

from handlers.metrics import render_metrics
from storage.store import Store

SLACK_EVENTS = "/slack/events"
ReadyCheck = Callable[[], None]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _db_ping(store: Store) -> ReadyCheck:
    def ping() -> None:
        with store.db.session() as session:
            session.execute(text("SELECT 1"))

    return ping


def build_server(
    store: Store,
    *,
    slack_events: Callable[[web.Request], Awaitable[web.StreamResponse]] | None = None,
    max_body_bytes: int = 1024 * 1024,
    ready: ReadyCheck | None = None,
    health: Callable[[], Mapping[str, object]] | None = None,
    draining: asyncio.Event | None = None,
) -> web.Application:
    """`health`: more for /healthz to say (Teams says there when it is in anonymous mode).
    `draining`: set when this replica is shutting down (SIGTERM)."""
    check = ready or _db_ping(store)
    stopping = draining or asyncio.Event()

    async def healthz(request: web.Request) -> web.Response:
        if stopping.is_set():
            return web.json_response({"status": "draining"}, status=503)
        try:
            await asyncio.to_thread(check)
        except Exception:
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok", **(health() if health else {})})

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(text=render_metrics(), content_type="text/plain", charset="utf-8")

    @web.middleware
    async def close_when_draining(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if stopping.is_set():
            response.force_close()  # no keep-alive: the next request goes elsewhere
        return response

    app = web.Application(client_max_size=max_body_bytes, middlewares=[close_when_draining])
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    if slack_events is not None:
        app.router.add_post(SLACK_EVENTS, slack_events)
    return app


async def start_server(
    app: web.Application, host: str, port: int, *, shutdown_timeout: float = 60.0
) -> tuple[web.AppRunner, str]:
    """Serve `app`; returns the runner (to clean up) and the base URL actually bound.
    `shutdown_timeout`: how long the runner's cleanup waits for requests in flight.

    No access log: the time of each POST could be matched with the time of an answer.
    """
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, f"http://{bound_host}:{bound_port}"
