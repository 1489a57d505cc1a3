"""files_upload_v2 end to end: upload URL, the POST of the bytes, completion."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import SlackStandIn

REPORT = b"<html><body><h1>WRES indicators 5-8</h1></body></html>"


async def test_files_upload_v2_shares_the_bytes(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    response = await client.files_upload_v2(
        channel="C0NETWORK",
        filename="wres-2025-q1.html",
        content=REPORT,
        title="WRES report",
        initial_comment="Quarterly report",
    )
    assert response["file"]["name"] == "wres-2025-q1.html"
    [shared] = slack.files
    assert (shared.content, shared.channel, shared.title) == (REPORT, "C0NETWORK", "WRES report")
    assert shared.initial_comment == "Quarterly report"
    methods = [c.method for c in slack.calls()]
    assert methods == ["files.getUploadURLExternal", "files.completeUploadExternal"]


async def test_the_upload_url_is_served_by_the_stand_in(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    url = await client.files_getUploadURLExternal(filename="a.csv", length=3)
    assert url["upload_url"].startswith(slack.base_url.removesuffix("/api/"))
    async with aiohttp.ClientSession() as session:
        async with session.post(url["upload_url"], data=b"toolong") as res:
            assert res.status == 400  # not the length that was declared
        async with session.post(url["upload_url"], data=b"a,b") as res:
            assert (res.status, await res.text()) == (200, "OK - 3")
    assert slack.files == []  # uploaded but not completed


async def test_completing_an_upload_that_never_arrived(client: AsyncWebClient) -> None:
    url = await client.files_getUploadURLExternal(filename="a.csv", length=3)
    with pytest.raises(SlackApiError) as raised:
        await client.files_completeUploadExternal(files=[{"id": url["file_id"], "title": "a"}])
    assert raised.value.response["error"] == "file_not_found"
