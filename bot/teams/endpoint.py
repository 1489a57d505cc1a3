"""POST /api/messages (Bot Service → us) and GET /reports/{token} (the EDI team's
downloads), mounted on the one aiohttp server.

/api/messages is a sub-application with the SDK's JWT middleware, so the middleware
checks Bot Service tokens there and nowhere else. The SDK stores and reads plain string
keys on the app and the request, which aiohttp 3.14 warns about (NotAppKeyWarning);
that one warning, from the SDK's own modules only, is silenced (docs/teams-agents-sdk-notes.md §1).
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import pydantic
from aiohttp import web
from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware, start_agent_process

from bot.teams.deps import REQUEST_ORIGIN, REQUEST_RECEIVED
from bot.teams.wiring import TeamsRuntime
from handlers.metrics import Counter
from handlers.report_links import LinkExpired, LinkInvalid
from handlers.report_pulls import record_download

log = logging.getLogger(__name__)
REQUESTS = Counter("bigconv_teams_requests_total", "Requests to /api/messages, by outcome.")
DOWNLOADS = Counter("bigconv_report_downloads_total", "GET /reports/{token}, by outcome.")
MESSAGES_PATH, REPORTS_PATH = "/api/messages", "/reports/{token}"


@web.middleware
async def refuse_what_the_sdk_cannot_read(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Outside the SDK's JWT middleware: a token it chokes on (alg none, HS256, garbage)
    is a 401, not a 500 from inside the SDK."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        log.warning("request refused: %s", type(exc).__name__)
        REQUESTS.inc(outcome="unauthorized")
        return web.json_response({"error": "invalid token"}, status=401)


def silence_sdk_app_key_warning() -> None:
    warnings.filterwarnings("ignore", category=web.NotAppKeyWarning, module=r"microsoft_agents\.")


def _unusable_service_url(body: bytes) -> bool:
    """True when the activity names a service URL no reply could be sent to: the SDK
    would fail on it after the turn began (a 500), and it is the request's fault."""
    try:
        activity = json.loads(body)
    except ValueError:
        return False  # the SDK's own parsing answers a body that is not JSON
    url = activity.get("serviceUrl") if isinstance(activity, dict) else None
    if url is None:
        return False
    parsed = urlsplit(url) if isinstance(url, str) else None
    return parsed is None or parsed.scheme not in ("http", "https") or not parsed.hostname


class TeamsEndpoint:
    def __init__(self, runtime: TeamsRuntime) -> None:
        self._runtime = runtime

    async def messages(self, request: web.Request) -> web.StreamResponse:
        runtime = self._runtime
        REQUEST_RECEIVED.set(time.monotonic())
        REQUEST_ORIGIN.set(f"{request.scheme}://{request.host}")
        if _unusable_service_url(await request.read()):
            REQUESTS.inc(outcome="malformed")
            return web.json_response({"error": "malformed activity: serviceUrl"}, status=400)
        try:
            response = await start_agent_process(request, runtime.agent, runtime.adapter)
        except (pydantic.ValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
            # Our listeners' failures end in the application's error handler; what reaches
            # here was raised by the SDK reading the activity's own fields: the request's
            # fault (an unusable channelId, a reply address it cannot build, ...).
            log.warning("activity refused: %s", type(exc).__name__)
            REQUESTS.inc(outcome="malformed")
            return web.json_response({"error": "malformed activity"}, status=400)
        except Exception as exc:  # never a stack trace to Teams, nor a body to the log
            log.error("request failed: %s", type(exc).__name__)
            REQUESTS.inc(outcome="error")
            return web.json_response({"error": "internal error"}, status=500)
        if response is not None and response.status == 501:
            # The SDK's answer to an invoke nothing here handles: the request's fault.
            REQUESTS.inc(outcome="unknown invoke")
            return web.json_response({"error": "unknown invoke"}, status=400)
        REQUESTS.inc(outcome=str(response.status if response is not None else 500))
        return response if response is not None else web.Response(status=500)

    async def download(self, request: web.Request) -> web.StreamResponse:
        try:
            found = await self._runtime.links.redeem(request.match_info["token"])
        except LinkExpired:
            DOWNLOADS.inc(outcome="expired")
            text = "This link has expired. Ask for the report again in Teams (wres)."
            return web.Response(status=410, text=text)
        except LinkInvalid:
            DOWNLOADS.inc(outcome="unknown")
            return web.Response(status=404, text="No such report.")
        await record_download(self._runtime.deps.backend, actor=found.actor, file_name=found.name)
        DOWNLOADS.inc(outcome="served")
        headers = {
            "Content-Disposition": f'attachment; filename="{found.name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
        return web.Response(body=found.content, content_type=found.content_type.split(";")[0],
                            charset="utf-8" if "charset" in found.content_type else None,
                            headers=headers)  # fmt: skip


def add_teams_routes(app: web.Application, runtime: TeamsRuntime) -> None:
    """Mount POST /api/messages and GET /reports/{token} on `app` (before it starts)."""
    silence_sdk_app_key_warning()
    endpoint = TeamsEndpoint(runtime)
    api = web.Application(
        middlewares=[refuse_what_the_sdk_cannot_read, jwt_authorization_middleware]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)  # the SDK reads this str key
        api["agent_configuration"] = runtime.identity.configuration
    api.router.add_post(MESSAGES_PATH.removeprefix("/api"), endpoint.messages)
    app.add_subapp("/api", api)
    app.router.add_get(REPORTS_PATH, endpoint.download)
