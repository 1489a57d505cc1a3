"""A real Microsoft 365 Agents SDK app, hosted on aiohttp the way the SDK's samples do.

It echoes messages, acknowledges card submits and Action.Execute invokes, welcomes new
members and remembers each user's ConversationReference for proactive sends.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from microsoft_agents.activity import Activity, ConversationReference, InvokeResponse
from microsoft_agents.hosting.aiohttp import (
    CloudAdapter,
    jwt_authorization_middleware,
    start_agent_process,
)
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    MemoryStorage,
    TurnContext,
    TurnState,
)

from standins.teams.sdk import connection_manager

# The SDK's middleware stores and reads these with plain string keys.
NOT_APP_KEY = "ignore::aiohttp.web_exceptions.NotAppKeyWarning:microsoft_agents"


@dataclass
class HostedAgent:
    url: str
    adapter: CloudAdapter
    references: dict[str, ConversationReference] = field(default_factory=dict)


def _build(hosted: HostedAgent, configuration: AgentAuthConfiguration, token_url: str | None
           ) -> AgentApplication[TurnState]:  # fmt: skip
    app = AgentApplication[TurnState](
        storage=MemoryStorage(),
        connection_manager=connection_manager(configuration, token_url),
        start_typing_timer=False,  # else a typing activity races each reply
    )

    @app.conversation_update("membersAdded")
    async def welcome(context: TurnContext, _state: TurnState) -> None:
        await context.send_activity("welcome")

    @app.activity("message")
    async def echo(context: TurnContext, _state: TurnState) -> None:
        activity = context.activity
        hosted.references[activity.from_property.id] = activity.get_conversation_reference()
        if activity.value is not None:
            await context.send_activity(f"submitted: {json.dumps(activity.value, sort_keys=True)}")
        else:
            await context.send_activity(f"echo: {activity.text}")

    @app.activity("invoke")
    async def execute(context: TurnContext, _state: TurnState) -> None:
        value = context.activity.value
        verb = value["action"]["verb"] if isinstance(value, dict) else None
        body = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                "value": f"done: {verb}"}  # fmt: skip
        response = InvokeResponse(status=200, body=body)
        await context.send_activity(Activity(type="invokeResponse", value=response))

    return app


@asynccontextmanager
async def hosted_agent(
    configuration: AgentAuthConfiguration, token_url: str | None = None
) -> AsyncIterator[HostedAgent]:
    """The agent on 127.0.0.1; `token_url` None means anonymous outgoing calls."""
    adapter = CloudAdapter(connection_manager=connection_manager(configuration, token_url))
    hosted = HostedAgent("", adapter)
    app = _build(hosted, configuration, token_url)

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await start_agent_process(request, app, adapter)
        assert response is not None  # the CloudAdapter always answers
        return response

    web_app = web.Application(middlewares=[jwt_authorization_middleware])
    web_app.router.add_post("/api/messages", messages)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)  # the SDK reads this str key
        web_app["agent_configuration"] = configuration
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    hosted.url = f"http://{host}:{port}/api/messages"
    try:
        yield hosted
    finally:
        await runner.cleanup()
