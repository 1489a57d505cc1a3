"""Start (in the invitation DM or on App Home) → acknowledge, then open the pulse modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import SlackDeps
from bot.slack.ids import ActionId
from bot.slack.listeners.opening import open_pulse
from bot.slack.payload import clicked, person_of


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.action(ActionId.START_PULSE)
    async def start_from_invitation(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        click = clicked(body)  # the button carries the round; the container, the DM
        await open_pulse(
            deps,
            client,
            person=person_of(body),
            trigger_id=str(body.get("trigger_id", "")),
            round_id=click.value or None,
            channel=click.channel,
            ts=click.message_ts,
        )

    @app.action(ActionId.HOME_START)
    async def start_from_home(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        trigger_id = str(body.get("trigger_id", ""))
        await open_pulse(deps, client, person=person_of(body), trigger_id=trigger_id, round_id=None)
