"""Modals and App Home: trigger_ids expire after 3 seconds and serve one view."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import ManualClock, SlackStandIn

MODAL = {
    "type": "modal",
    "callback_id": "pulse",
    "private_metadata": "round-7",
    "title": {"type": "plain_text", "text": "Pulse"},
    "blocks": [],
}
HOME = {"type": "home", "blocks": [{"type": "divider"}]}


async def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def test_a_fresh_trigger_opens_a_modal(client: AsyncWebClient, slack: SlackStandIn) -> None:
    trigger = slack.issue_trigger("U0000001")
    response = await client.views_open(trigger_id=trigger, view=MODAL)
    view = response["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "pulse" and view["hash"]
    [opened] = slack.views_opened
    assert (opened.id, opened.user, opened.view["private_metadata"]) == (
        view["id"],
        "U0000001",
        "round-7",
    )


async def test_a_trigger_expires_after_three_seconds(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    trigger = slack.issue_trigger("U0000001")
    clock.advance(3.0)
    assert await _error(client.views_open(trigger_id=trigger, view=MODAL)) == "expired_trigger_id"
    assert slack.views_opened == []


async def test_a_trigger_serves_one_view_and_must_be_ours(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    trigger = slack.issue_trigger("U0000001")
    clock.advance(2.9)
    await client.views_open(trigger_id=trigger, view=MODAL)
    assert await _error(client.views_open(trigger_id=trigger, view=MODAL)) == "exchanged_trigger_id"
    assert await _error(client.views_open(trigger_id="1.2.3", view=MODAL)) == "invalid_trigger_id"


async def test_views_update_checks_the_hash(client: AsyncWebClient, slack: SlackStandIn) -> None:
    opened = await client.views_open(trigger_id=slack.issue_trigger("U0000001"), view=MODAL)
    view_id, old_hash = opened["view"]["id"], opened["view"]["hash"]
    changed = {**MODAL, "title": {"type": "plain_text", "text": "Thanks"}}
    updated = await client.views_update(view_id=view_id, hash=old_hash, view=changed)
    assert updated["view"]["title"]["text"] == "Thanks" and updated["view"]["hash"] != old_hash
    stale = client.views_update(view_id=view_id, hash=old_hash, view=MODAL)
    assert await _error(stale) == "hash_conflict"
    assert await _error(client.views_update(view_id="V404", view=MODAL)) == "not_found"


async def test_views_publish_sets_a_home_tab(client: AsyncWebClient, slack: SlackStandIn) -> None:
    await client.views_publish(user_id="U0000002", view=HOME)
    assert slack.home_views["U0000002"] == HOME
    assert await _error(client.views_publish(user_id="U0000002", view=MODAL)) == "invalid_arguments"
