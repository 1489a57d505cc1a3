"""The local issuer: OpenID metadata, JWKS, client credentials, and tokens that verify."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import jwt
import pytest

from standins.teams import APP_ID, BOT_FRAMEWORK_ISSUER, CONNECTOR_AUDIENCE, TeamsStandIn
from tests.teams_standin.conftest import USER


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_metadata_names_the_keys_and_token_endpoint(
    teams: TeamsStandIn, http: aiohttp.ClientSession
) -> None:
    async with http.get(teams.openid_configuration_url) as res:
        metadata = await res.json()
    assert metadata["issuer"] == BOT_FRAMEWORK_ISSUER
    assert (metadata["jwks_uri"], metadata["token_endpoint"]) == (teams.jwks_url, teams.token_url)
    async with http.get(teams.jwks_url) as res:
        [key] = (await res.json())["keys"]
    assert (key["kty"], key["kid"], key["endorsements"]) == ("RSA", teams.issuer.kid, ["msteams"])


async def test_a_channel_token_verifies_against_the_published_keys(teams: TeamsStandIn) -> None:
    token = teams.issuer.channel_token(APP_ID, teams.service_url)
    client = jwt.PyJWKClient(teams.jwks_url)
    key = await asyncio.to_thread(client.get_signing_key_from_jwt, token)
    claims = jwt.decode(token, key, algorithms=["RS256"], audience=APP_ID)
    assert (claims["iss"], claims["serviceurl"]) == (BOT_FRAMEWORK_ISSUER, teams.service_url)
    forged = teams.issuer.channel_token(APP_ID, teams.service_url, foreign_key=True)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, key, algorithms=["RS256"], audience=APP_ID)


async def test_client_credentials_give_a_connector_token(
    teams: TeamsStandIn, http: aiohttp.ClientSession
) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": teams.client_secret,
        "scope": "https://api.botframework.com/.default",
    }
    async with http.post(teams.token_url, data=form) as res:
        body = await res.json()
    assert (res.status, body["token_type"], body["expires_in"]) == (200, "Bearer", 3600)
    claims = teams.issuer.verify(body["access_token"], CONNECTOR_AUDIENCE)
    assert (claims["appid"], claims["tid"]) == (APP_ID, teams.tenant.id)
    assert teams.calls("token")[0].body == {"client_id": APP_ID}  # the secret is not kept


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"scope": "https://graph.microsoft.com/.default"}, 400, "invalid_scope"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
async def test_bad_client_credentials_are_refused_like_entra(
    teams: TeamsStandIn, http: aiohttp.ClientSession, change: dict[str, str], status: int,
    error: str,
) -> None:  # fmt: skip
    form = {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": teams.client_secret,
        "scope": "https://api.botframework.com/.default",
        **change,
    }
    async with http.post(teams.token_url, data=form) as res:
        assert (res.status, (await res.json())["error"]) == (status, error)


async def test_a_connector_that_requires_auth_refuses_calls_without_its_token(
    http: aiohttp.ClientSession,
) -> None:
    async with TeamsStandIn(require_auth=True) as teams:
        url = f"{teams.service_url}v3/conversations/{teams.conversation_id(USER)}/members"
        channel_token = teams.issuer.channel_token(APP_ID, teams.service_url)
        statuses = []
        for header in (None, f"Bearer {channel_token}", "Bearer junk"):
            async with http.get(url, headers={"Authorization": header} if header else {}) as res:
                statuses.append(res.status)
        good = teams.issuer.connector_token(APP_ID)
        async with http.get(url, headers={"Authorization": f"Bearer {good}"}) as res:
            statuses.append(res.status)
    assert statuses == [401, 401, 401, 200]
