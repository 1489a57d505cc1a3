"""Posting, updating and ephemeral messages, and the delivery-key bookkeeping."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import DELIVERY_EVENT_TYPE, ManualClock, SlackStandIn

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "This month's pulse"}}]


def _key(key: str) -> dict[str, Any]:
    return {"event_type": DELIVERY_EVENT_TYPE, "event_payload": {"key": key}}


async def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def test_a_dm_is_posted_then_updated(client: AsyncWebClient, slack: SlackStandIn) -> None:
    dm = (await client.conversations_open(users="U0000001"))["channel"]["id"]
    posted = await client.chat_postMessage(channel=dm, text="Pulse open", blocks=BLOCKS)
    assert posted["channel"] == dm and posted["message"]["blocks"] == BLOCKS
    updated = await client.chat_update(channel=dm, ts=posted["ts"], text="Thank you")
    assert updated["ts"] == posted["ts"]
    [message] = slack.messages_to("U0000001")
    assert message.text == "Thank you" and message.edits == [
        {"text": "Pulse open", "blocks": BLOCKS}
    ]


async def test_posting_to_a_user_id_lands_in_their_dm(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    posted = await client.chat_postMessage(channel="U0000003", text="hello")
    assert posted["channel"] == "DU0000003"
    assert [m.ts for m in slack.messages_to("DU0000003")] == [posted["ts"]]


async def test_message_ts_are_unique_and_increasing(
    client: AsyncWebClient, clock: ManualClock
) -> None:
    stamps = []
    for n in range(1, 6):
        stamps.append((await client.chat_postMessage(channel=f"U000000{n}", text="x"))["ts"])
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)


async def test_delivery_keys_count_duplicates(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    await client.chat_postMessage(channel="U0000001", text="invite", metadata=_key("r1:s1"))
    await client.chat_postMessage(channel="U0000002", text="invite", metadata=_key("r1:s2"))
    clock.advance(1)
    await client.chat_postMessage(channel="U0000001", text="invite", metadata=_key("r1:s1"))
    assert slack.delivered_keys() == {"r1:s1": 2, "r1:s2": 1}
    assert slack.duplicate_messages() == 1


async def test_duplicates_without_a_key_are_judged_by_text(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    for text in ("a", "a", "b"):
        await client.chat_postMessage(channel="C0GENERAL", text=text)
        clock.advance(1)
    assert slack.duplicate_messages() == 1 and not slack.delivered_keys()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": "C0NOWHERE", "text": "x"}, "channel_not_found"),
        ({"channel": "C0NOBOT00", "text": "x"}, "not_in_channel"),
        ({"channel": "U0000001", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "U0LEAVER1", "text": "x"}, "user_disabled"),
    ],
)
async def test_chat_post_message_errors(
    client: AsyncWebClient, kwargs: dict[str, Any], error: str
) -> None:
    assert await _error(client.chat_postMessage(**kwargs)) == error


async def test_a_message_needs_text_or_blocks(client: AsyncWebClient) -> None:
    # Through api_call: chat_postMessage itself warns before sending an empty message.
    empty = client.api_call("chat.postMessage", json={"channel": "U0000001"})
    assert await _error(empty) == "no_text"


async def test_updating_a_message_that_is_not_there(client: AsyncWebClient) -> None:
    error = await _error(client.chat_update(channel="C0GENERAL", ts="1.000001", text="x"))
    assert error == "message_not_found"


async def test_form_encoded_posts_carry_blocks_and_metadata(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    # Older clients send structured arguments as JSON strings in a form body.
    await client.api_call(
        "chat.postMessage",
        data={"channel": "U0000001", "blocks": '[{"type": "divider"}]', "metadata": '{"a": 1}'},
    )
    [message] = slack.messages
    assert message.blocks == [{"type": "divider"}] and message.metadata == {"a": 1}


async def test_ephemeral_messages_only_reach_channel_members(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    response = await client.chat_postEphemeral(channel="C0NETWORK", user="U0000001", text="psst")
    assert response["message_ts"]
    assert [(e.user, e.text) for e in slack.ephemerals] == [("U0000001", "psst")]
    error = await _error(client.chat_postEphemeral(channel="C0NETWORK", user="U0000009", text="x"))
    assert error == "user_not_in_channel"
    assert slack.messages == []
