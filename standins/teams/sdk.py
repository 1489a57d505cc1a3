"""Pointing a Microsoft 365 Agents SDK app at the stand-in, where the SDK lets us.

Outgoing tokens: the SDK asks a `ConnectionManager`'s provider for a token before each
Connector call. MSAL (MsalAuth) cannot reach a local http issuer, so `StandInTokenProvider`
does the client-credentials grant against the stand-in's token endpoint instead; with
`token_url=None` the connection is anonymous and calls carry no Authorization header.

Incoming tokens: the SDK's JwtTokenValidator fetches keys from hard-coded Microsoft URLs
(https://login.botframework.com/v1/.well-known/keys for Bot Framework tokens) and offers
no setting to change them. `trusting_issuer` swaps the validator's cached key client for
one reading the stand-in's JWKS. It reaches into SDK internals (checked against 1.9), so
it is for tests only; see docs/teams-agents-sdk-notes.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
from azure.core.credentials_async import AsyncTokenCredential
from jwt import PyJWKClient
from microsoft_agents.hosting.core import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    AuthenticationConstants,
    ConnectionManager,
    JwtTokenValidator,
)
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (
    _JwkClientCacheEntry,
)

REFRESH_MARGIN = 300  # seconds before expiry a cached token is renewed, as MSAL does


class StandInTokenProvider(AccessTokenProviderBase):
    """Client credentials (app id + secret) against an Entra-style token endpoint."""

    def __init__(self, configuration: AgentAuthConfiguration, token_url: str) -> None:
        self._configuration = configuration
        self._token_url = token_url
        self._cache: dict[str, tuple[str, float]] = {}

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        scope = " ".join(scopes or [f"{resource_url}/.default"])
        cached = self._cache.get(scope)
        if cached and not force_refresh and cached[1] - REFRESH_MARGIN > time.time():
            return cached[0]
        form = {
            "grant_type": "client_credentials",
            "client_id": self._configuration.CLIENT_ID or "",
            "client_secret": self._configuration.CLIENT_SECRET or "",
            "scope": scope,
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self._token_url, data=form) as res,
        ):
            body = await res.json()
        if res.status != 200 or "access_token" not in body:
            raise ValueError(f"token endpoint refused: {res.status} {body.get('error')}")
        token = str(body["access_token"])
        self._cache[scope] = (token, time.time() + float(body.get("expires_in", 0)))
        return token

    def get_token_credential(self) -> AsyncTokenCredential:  # nothing on our path uses one
        raise NotImplementedError("the stand-in's token provider offers no TokenCredential")

    # Flows a Teams bot on the Connector never uses; the Protocol leaves them abstract.
    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        raise NotImplementedError

    async def get_agentic_application_token(self, tenant_id: str, instance_id: str) -> str | None:
        raise NotImplementedError

    async def get_agentic_instance_token(self, tenant_id: str, instance_id: str) -> tuple[str, str]:
        raise NotImplementedError

    async def get_agentic_user_token(
        self, tenant_id: str, instance_id: str, user_id: str, scopes: list[str]
    ) -> str | None:
        raise NotImplementedError


def connection_manager(
    configuration: AgentAuthConfiguration, token_url: str | None = None
) -> ConnectionManager:
    """The SERVICE_CONNECTION an SDK app uses: stand-in client credentials, or anonymous."""

    def provider(config: AgentAuthConfiguration) -> AccessTokenProviderBase:
        if token_url is None:
            return AnonymousTokenProvider()
        return StandInTokenProvider(config, token_url)

    return ConnectionManager(
        provider, connections_configurations={"SERVICE_CONNECTION": configuration}
    )


@contextmanager
def trusting_issuer(jwks_url: str) -> Iterator[None]:
    """Make the SDK's validator take Bot Framework signing keys from `jwks_url` (tests only)."""
    manager = JwtTokenValidator._jwk_client_manager
    saved = dict(manager._cache)
    entry = _JwkClientCacheEntry(PyJWKClient(jwks_url), threading.Lock())
    manager._cache[AuthenticationConstants.PUBLIC_ABS_JWKS_URL] = entry
    try:
        yield
    finally:
        manager._cache.clear()
        manager._cache.update(saved)
