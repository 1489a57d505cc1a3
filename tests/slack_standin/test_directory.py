"""auth, users, user groups and conversations, called through slack_sdk's AsyncWebClient."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import BOT_USER_ID, SLACKBOT_ID, SlackStandIn


async def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def test_auth_test_names_the_bot(client: AsyncWebClient) -> None:
    response = await client.auth_test()
    assert response["user_id"] == BOT_USER_ID
    assert response["bot_id"].startswith("B")


@pytest.mark.parametrize(("token", "error"), [("xoxb-wrong", "invalid_auth"), (None, "not_authed")])
async def test_a_wrong_or_missing_token_is_refused(
    slack: SlackStandIn, token: str | None, error: str
) -> None:
    client = AsyncWebClient(token=token, base_url=slack.base_url, retry_handlers=[])
    assert await _error(client.users_list()) == error
    assert slack.calls("users.list")[0].response == {"ok": False, "error": error}


async def test_a_token_in_a_form_body_is_accepted_and_not_recorded(
    slack: SlackStandIn,
) -> None:
    client = AsyncWebClient(base_url=slack.base_url, retry_handlers=[])
    response = await client.api_call("users.info", data={"token": slack.token, "user": "U0000001"})
    assert response["user"]["id"] == "U0000001"
    assert slack.calls("users.info")[0].params == {"user": "U0000001"}


async def test_unknown_methods_are_answered_like_slack(client: AsyncWebClient) -> None:
    assert await _error(client.api_call("surveys.magic")) == "unknown_method"


async def test_users_list_pages_through_every_kind_of_member(client: AsyncWebClient) -> None:
    members: list[dict[str, Any]] = []
    cursor = None
    pages = 0
    while True:
        response = await client.users_list(limit=5, cursor=cursor)
        members += response["members"]
        pages += 1
        cursor = response["response_metadata"]["next_cursor"]
        if not cursor:
            break
    by_id = {m["id"]: m for m in members}
    assert len(by_id) == len(members) == 18 and pages == 4
    assert by_id[BOT_USER_ID]["is_bot"] and by_id["U0OTHERBOT"]["is_bot"]
    assert by_id[SLACKBOT_ID]["is_bot"] is False  # Slack's quirk, which audience code must know
    assert by_id["U0LEAVER1"]["deleted"]
    assert by_id["U0GUEST01"]["is_restricted"] and by_id["U0GUEST02"]["is_ultra_restricted"]
    assert by_id["U0000001"]["profile"]["email"] == "staff1@nhs.test"


async def test_users_list_refuses_a_made_up_cursor(client: AsyncWebClient) -> None:
    assert await _error(client.users_list(cursor="dXNlcjpVMDYx")) == "invalid_cursor"


async def test_users_info_and_usergroups(client: AsyncWebClient) -> None:
    assert (await client.users_info(user="U0000002"))["user"]["name"] == "staff2"
    assert await _error(client.users_info(user="UNOBODY")) == "user_not_found"
    group = await client.usergroups_users_list(usergroup="S0NETWORK")
    assert group["users"] == ["U0000001", "U0000002", "U0000003", "U0000004"]
    assert await _error(client.usergroups_users_list(usergroup="S0NONE")) == "no_such_subteam"


async def test_conversations_open_gives_each_person_one_stable_dm(client: AsyncWebClient) -> None:
    first = await client.conversations_open(users="U0000001")
    again = await client.conversations_open(users=["U0000001"])
    other = await client.conversations_open(users="U0000002")
    assert first["channel"]["id"] == again["channel"]["id"] != other["channel"]["id"]
    assert first["channel"]["id"].startswith("D")


@pytest.mark.parametrize(
    ("user", "error"),
    [
        ("U0LEAVER1", "user_disabled"),
        ("U0OTHERBOT", "cannot_dm_bot"),
        ("UNOBODY", "user_not_found"),
    ],
)
async def test_conversations_open_refuses_who_cannot_be_messaged(
    client: AsyncWebClient, user: str, error: str
) -> None:
    assert await _error(client.conversations_open(users=user)) == error


async def test_conversations_members_pages_and_info(client: AsyncWebClient) -> None:
    first = await client.conversations_members(channel="C0NETWORK", limit=3)
    rest = await client.conversations_members(
        channel="C0NETWORK", cursor=first["response_metadata"]["next_cursor"]
    )
    assert len(first["members"]) == 3 and len(rest["members"]) == 2
    assert rest["response_metadata"]["next_cursor"] == ""
    info = await client.conversations_info(channel="C0NETWORK")
    assert info["channel"]["name"] == "race-equality-network" and info["channel"]["is_member"]
    dm = await client.conversations_info(channel="DU0000001")
    assert dm["channel"]["is_im"] and dm["channel"]["user"] == "U0000001"


async def test_a_malformed_json_body_is_refused(slack: SlackStandIn) -> None:
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bearer {slack.token}", "Content-Type": "application/json"}
        async with session.post(f"{slack.base_url}auth.test", data=b"{", headers=headers) as res:
            assert await res.json() == {"ok": False, "error": "invalid_json"}
    assert slack.calls("auth.test")[0].response == {"ok": False, "error": "invalid_json"}
