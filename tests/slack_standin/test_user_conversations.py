"""users.conversations: the channels the bot (or a person) is in, paged like Slack, and a
thread reply recorded with its thread_ts."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import Channel, ManualClock, SlackStandIn


async def test_the_bots_channels_are_the_ones_it_is_a_member_of(client: AsyncWebClient) -> None:
    response = await client.users_conversations(types="public_channel,private_channel")
    ids = {c["id"] for c in response["channels"]}
    assert ids == {"C0GENERAL", "C0NETWORK"}  # not C0NOBOT00, where the bot is not
    assert all(c["is_member"] for c in response["channels"])


async def test_private_channels_only_when_asked_and_pages_follow_the_cursor(
    slack: SlackStandIn, client: AsyncWebClient
) -> None:
    slack.workspace.add_channel(Channel("G0PRIVATE", "chairs", ["U0BIGCONV"], is_private=True))
    public = await client.users_conversations(types="public_channel")
    assert "G0PRIVATE" not in {c["id"] for c in public["channels"]}
    first = await client.users_conversations(types="public_channel,private_channel", limit=2)
    cursor = first["response_metadata"]["next_cursor"]
    assert len(first["channels"]) == 2 and cursor
    rest = await client.users_conversations(
        types="public_channel,private_channel", limit=2, cursor=cursor
    )
    ids = {c["id"] for c in first["channels"] + rest["channels"]}
    assert ids == {"C0GENERAL", "C0NETWORK", "G0PRIVATE"}


async def test_a_persons_channels(client: AsyncWebClient) -> None:
    response = await client.users_conversations(user="U0000010")
    assert {c["id"] for c in response["channels"]} == {"C0GENERAL", "C0NOBOT00"}


async def test_a_thread_reply_keeps_its_thread_ts(
    slack: SlackStandIn, client: AsyncWebClient, clock: ManualClock
) -> None:
    parent = await client.chat_postMessage(channel="C0NETWORK", text="prompt")
    clock.advance(1.0)  # a channel takes about one message a second
    await client.chat_postMessage(
        channel="C0NETWORK", text="A colleague said: hi", thread_ts=parent["ts"]
    )
    [_, reply] = slack.messages_to("C0NETWORK")
    assert reply.thread_ts == parent["ts"]
