"""app_home_opened → publish the person's App Home: privacy, round, settings, the latest
released results for the EDI team, and for network chairs and admins the Big
Conversation section."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.home import home_view
from bot.slack.blocks.home_chair import chair_blocks
from bot.slack.deps import SlackDeps
from bot.slack.ids import Event
from bot.slack.payload import PLATFORM
from handlers import pulse_chat
from handlers.discussion import chair_digests
from handlers.discussion.access import networks_of
from handlers.identity import Person

MAX_BLOCKS = 100


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.event(Event.APP_HOME_OPENED)
    async def home_opened(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        person = Person(PLATFORM, str(body.get("team_id", "")), str(event["user"]))
        requester = await deps.roles.requester(person)
        home = await pulse_chat.home(deps.backend, deps.report_ask(requester), notice=deps.notice)
        view = home_view(home)
        if networks_of(requester) != frozenset():
            extra = chair_blocks(await chair_digests(deps.backend, requester=requester))
            view["blocks"] = (extra + view["blocks"])[:MAX_BLOCKS]
        await client.views_publish(user_id=person.user_id, view=view)
