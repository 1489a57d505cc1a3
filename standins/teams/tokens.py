"""A local stand-in for Bot Service's token issuer and Entra ID's client-credentials endpoint.

Bot Service signs each request it sends a bot with a JWT: `iss` https://api.botframework.com,
`aud` the bot's app id, and a `serviceurl` claim naming the Connector to answer. A bot calling
the Connector presents an Entra token with `aud` https://api.botframework.com, got by the
client-credentials grant. `LocalIssuer` mints both with one RSA key, publishes the key as a
JWKS with OpenID metadata, and checks tokens the way the Connector would.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
CONNECTOR_AUDIENCE = "https://api.botframework.com"  # what tokens for the Connector are for
BOT_FRAMEWORK_TENANT = "d6d49420-f39b-4df7-a1dc-d59a935871db"  # the botframework.com tenant
TOKEN_LIFETIME = 3600


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LocalIssuer:
    """One signing key, and the tokens and metadata Microsoft's identity services publish."""

    def __init__(self, *, kid: str = "standin-key-1", wall_clock: Callable[[], float] = time.time):
        self.kid = kid
        self._key = _new_key()
        self._now = wall_clock

    def jwks(self) -> dict[str, Any]:
        """The public key set, like https://login.botframework.com/v1/.well-known/keys."""
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        # Bot Framework keys carry the channels they may sign for.
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]})
        return {"keys": [jwk]}

    def openid_configuration(self, origin: str, tenant_id: str) -> dict[str, Any]:
        """OpenID metadata pointing at this issuer's JWKS and token endpoint."""
        return {
            "issuer": BOT_FRAMEWORK_ISSUER,
            "authorization_endpoint": f"{origin}/v1/authorize",
            "jwks_uri": f"{origin}/v1/.well-known/keys",
            "token_endpoint": f"{origin}/{tenant_id}/oauth2/v2.0/token",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
        }

    def mint(
        self,
        claims: Mapping[str, Any],
        *,
        lifetime: float = TOKEN_LIFETIME,
        issued_ago: float = 0.0,
        foreign_key: bool = False,
    ) -> str:
        """A signed RS256 JWT with iat/nbf/exp set; `foreign_key` signs with a stranger's key."""
        now = int(self._now() - issued_ago)
        body = {"iat": now, "nbf": now, "exp": int(now + lifetime), **claims}
        key = _new_key() if foreign_key else self._key
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": self.kid})

    def channel_token(self, app_id: str, service_url: str, **options: Any) -> str:
        """What Bot Service sends the bot: the Authorization on a POST to /api/messages."""
        claims = {"iss": BOT_FRAMEWORK_ISSUER, "aud": app_id, "serviceurl": service_url}
        return self.mint(claims, **options)

    def connector_token(self, app_id: str, tenant_id: str = BOT_FRAMEWORK_TENANT) -> str:
        """What Entra gives the bot for calling the Connector (a v1 app-only token)."""
        claims = {
            "iss": f"https://sts.windows.net/{tenant_id}/",
            "aud": CONNECTOR_AUDIENCE,
            "appid": app_id,
            "tid": tenant_id,
            "ver": "1.0",
            "idtyp": "app",
            "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, app_id)),
        }
        return self.mint(claims)

    def verify(self, token: str, audience: str) -> dict[str, Any]:
        """The claims of a token this issuer signed for `audience`; raises jwt.PyJWTError."""
        claims: dict[str, Any] = jwt.decode(
            token, self._key.public_key(), algorithms=["RS256"], audience=audience
        )
        return claims


def client_credentials(
    issuer: LocalIssuer, form: Mapping[str, str], secrets: Mapping[str, str], tenant_id: str
) -> tuple[int, dict[str, Any]]:
    """Entra's answer to POST /{tenant}/oauth2/v2.0/token with grant_type=client_credentials."""
    if form.get("grant_type") != "client_credentials":
        return 400, _aad_error("unsupported_grant_type", "AADSTS70003: grant type not supported.")
    app_id = form.get("client_id", "")
    if app_id not in secrets or secrets[app_id] != form.get("client_secret"):
        return 401, _aad_error("invalid_client", "AADSTS7000215: Invalid client secret provided.")
    scope = form.get("scope", "")
    if scope.rstrip("/") != f"{CONNECTOR_AUDIENCE}/.default".rstrip("/"):
        return 400, _aad_error("invalid_scope", f"AADSTS70011: The scope '{scope}' is not valid.")
    token = issuer.connector_token(app_id, tenant_id)
    return 200, {
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME,
        "ext_expires_in": TOKEN_LIFETIME,
        "access_token": token,
    }


def _aad_error(error: str, description: str) -> dict[str, Any]:
    return {"error": error, "error_description": description}
