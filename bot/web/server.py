"""The one aiohttp server: POST /slack/events, GET /healthz, GET /metrics (and POST
/api/messages with GET /reports/{token}, mounted by bot.teams.endpoint.add_teams_routes)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from sqlalchemy import text

from handlers.metrics import render_metrics
from storage.store import Store

SLACK_EVENTS = "/slack/events"
ReadyCheck = Callable[[], None]


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
) -> web.Application:
    """`health`: more for /healthz to say (Teams says there when it is in anonymous mode)."""
    check = ready or _db_ping(store)

    async def healthz(request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(check)
        except Exception:
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok", **(health() if health else {})})

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(text=render_metrics(), content_type="text/plain", charset="utf-8")

    app = web.Application(client_max_size=max_body_bytes)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    if slack_events is not None:
        app.router.add_post(SLACK_EVENTS, slack_events)
    return app


async def start_server(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, str]:
    """Serve `app`; returns the runner (to clean up) and the base URL actually bound.

    No access log: the time of each POST could be matched with the time of an answer.
    """
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, f"http://{bound_host}:{bound_port}"
