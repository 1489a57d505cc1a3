"""Hypothesis throws signed and unsigned random bodies, headers and timestamps at
/slack/events on the running server: never a 5xx, never a stack trace, never a write."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode

import aiohttp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from standins.slack.signing import sign
from tests.db_fingerprint import fingerprint
from tests.slack.conftest import Harness

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
SLACK_KEYS = ("type", "user", "team", "actions", "view", "event", "command", "team_id", "user_id")
SLACKISH = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(
            [
                "block_actions",
                "view_submission",
                "view_closed",
                "event_callback",
                "url_verification",
                "shortcut",
                "app_rate_limited",
                "message",
            ]
        )
        | st.text(max_size=10),  # fmt: skip
        **{key: JSON_VALUES for key in SLACK_KEYS[1:]},
    },
)


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


BODIES = st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    SLACKISH.map(lambda value: json.dumps(value).encode()),
    SLACKISH.map(lambda value: urlencode({"payload": json.dumps(value)}).encode()),
    st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=6).map(
        lambda form: urlencode(form).encode()
    ),
    st.sampled_from([b"null", b"[]", b"[1,2]", b'"x"', b"1e999", _deep(100_000)]),
    st.sampled_from([b"payload=null", b"payload=%5B%5D", b"payload=" + _deep(50_000)]),
)
TIMESTAMPS = st.one_of(
    st.just("now"),
    st.sampled_from(["", "²", "١٢٣", "-1", "0", "99999999999999999999999", " 1", "1.5"]),
    st.text(st.characters(min_codepoint=32, exclude_characters="\x7f"), max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
EXTRA_HEADERS = st.sampled_from(["X-Slack-Retry-Num", "X-Slack-Signature", "Content-Encoding"])
PRINTABLE = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", "", "multipart/x"]
)


async def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


async def test_random_requests_never_fail_the_server_nor_write(harness: Harness) -> None:
    h = harness
    before = await asyncio.to_thread(fingerprint, h.store)
    loop = asyncio.get_running_loop()
    secret = h.slack.signing_secret

    @settings(
        max_examples=250,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        body=BODIES,
        signed=st.booleans(),
        stamp=TIMESTAMPS,
        content_type=CONTENT_TYPES,
        extra=st.dictionaries(EXTRA_HEADERS, PRINTABLE, max_size=2),
    )
    # The cases, always tried: a Unicode digit as the timestamp; signed bodies
    # that are a JSON list, null, or nested deeper than the parser goes.
    @example(body=b"{}", signed=False, stamp="²", content_type="application/json", extra={})
    @example(body=b"[]", signed=True, stamp="now", content_type="application/json", extra={})
    @example(body=b"null", signed=True, stamp="now", content_type="application/json", extra={})
    @example(body=_deep(100_000), signed=True, stamp="now", content_type="application/json",
             extra={})  # fmt: skip
    @example(body=b"payload=null", signed=True, stamp="now",
             content_type="application/x-www-form-urlencoded", extra={})  # fmt: skip
    def check(
        body: bytes, signed: bool, stamp: str, content_type: str, extra: dict[str, str]
    ) -> None:
        timestamp = str(int(time.time())) if stamp == "now" else stamp
        headers = {"Content-Type": content_type, **extra}
        if signed and timestamp.isascii() and timestamp.lstrip("-").isdigit():
            headers.update(sign(secret, body, int(timestamp)))
        else:
            headers["X-Slack-Request-Timestamp"] = timestamp
        call = _post(h.url, body, headers)
        status, text = asyncio.run_coroutine_threadsafe(call, loop).result(timeout=60)
        assert status < 500, (status, text, body[:200], headers)
        assert "Traceback" not in text

    await asyncio.to_thread(check)
    assert await asyncio.to_thread(fingerprint, h.store) == before
