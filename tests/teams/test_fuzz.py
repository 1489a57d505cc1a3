"""Hypothesis posts random Activity JSON with good, forged and nonsense bearer tokens
(alg none, HS256, garbage) to /api/messages on the running server: never a 5xx, never a
stack trace, and nothing written unless the token is Bot Service's own."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import jwt
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from standins.teams import activities
from tests.db_fingerprint import fingerprint
from tests.teams.conftest import NOT_APP_KEY, Harness

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
FIELDS = ("type", "text", "value", "from", "conversation", "recipient", "channelData",
          "serviceUrl", "channelId", "name", "membersAdded", "action", "replyToId")  # fmt: skip
TYPES = st.sampled_from(["message", "invoke", "conversationUpdate", "installationUpdate",
                         "messageReaction", "event", "typing", ""])  # fmt: skip


def _forged(valid: str, how: str) -> str:
    """The valid token's claims, re-signed the ways an attacker would try."""
    claims = jwt.decode(valid, options={"verify_signature": False})
    header = jwt.get_unverified_header(valid)
    if how == "alg-none":
        return jwt.encode(claims, key=None, algorithm="none", headers={"kid": header["kid"]})
    return jwt.encode(claims, "not-the-key-" * 3, algorithm="HS256", headers={"kid": header["kid"]})


TOKENS = st.one_of(
    st.sampled_from(["valid", "alg-none", "hs256", "forged", "expired", "none"]),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=60),
    st.sampled_from(["a.b.c", "eyJhbGciOiJub25lIn0.e30.", "eyJ.eyJ.", "...", "Bearer"]),
)


async def _post(url: str, body: bytes, bearer: str | None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


async def test_random_activities_and_tokens(harness: Harness) -> None:
    h = harness
    before = await asyncio.to_thread(fingerprint, h.store)
    loop = asyncio.get_running_loop()
    scene = h.teams.caller.scene(h.user(2))  # a member of staff, not the EDI lead
    valid = h.teams.caller.bearer("valid")
    assert valid is not None
    named = {
        "valid": valid,
        "alg-none": _forged(valid, "alg-none"),
        "hs256": _forged(valid, "hs256"),
        "forged": h.teams.caller.bearer("forged"),
        "expired": h.teams.caller.bearer("expired"),
    }
    activity_bodies = st.one_of(
        st.binary(max_size=200),
        JSON_VALUES.map(lambda value: json.dumps(value).encode()),
        st.builds(
            lambda kind, changes: json.dumps(
                {**activities.activity(scene, kind, "fuzz-1"), **changes}
            ).encode(),
            TYPES,
            st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=3),
        ),
        st.sampled_from([b"null", b"[]", b"[" * 50_000 + b"]" * 50_000]),
    )

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=activity_bodies, token=TOKENS)
    @example(body=b'{"type": "message", "text": "help"}', token="alg-none")  # the issue's
    @example(body=b'{"type": "message", "text": "help"}', token="hs256")  # two tokens
    @example(  # a reply that cannot be sent (no usable service URL) is still not a 500
        body=json.dumps(
            {**activities.activity(scene, "message", "fuzz-1"), "serviceUrl": "0"}
        ).encode(),
        token="valid",
    )
    def check(body: bytes, token: str) -> None:
        bearer: Any = named.get(token, None if token == "none" else token)
        status, text = asyncio.run_coroutine_threadsafe(_post(h.url, body, bearer), loop).result(60)
        assert status < 500, (status, text, token, body[:300])
        assert "Traceback" not in text
        if token != "valid":
            assert status == 401, (status, token)

    await asyncio.to_thread(check)
    assert await asyncio.to_thread(fingerprint, h.store) == before
