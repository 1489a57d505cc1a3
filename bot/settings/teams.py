"""The [teams] section: how this deployment reaches Teams and is reached.

Secrets are never in the file: it names the environment variables that hold the Entra app
(client) id, its secret and the tenant id. Anonymous access (no Bot Service token on
requests, none sent to the Connector) is for local trials only and must be asked for."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pydantic import StrictStr, field_validator

from bot.settings.errors import ConfigError
from bot.settings.section import Flag, PositiveNumber, Section


class TeamsSettings(Section):
    enabled: Flag = False
    app_id_env: StrictStr = "TEAMS_APP_ID"
    app_secret_env: StrictStr = "TEAMS_APP_SECRET"
    tenant_id_env: StrictStr = "TEAMS_TENANT_ID"
    allow_anonymous: Flag = False
    # The server's public https address: report download links and the app package.
    public_url: StrictStr = ""
    report_link_minutes: PositiveNumber = 15.0
    # The app package: who publishes it ("": [trust] name), and the pages its store
    # listing links to.
    developer_name: StrictStr = ""
    privacy_url: StrictStr = ""
    terms_url: StrictStr = ""

    @field_validator("public_url")
    @classmethod
    def _a_url(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://")):
            raise ValueError('must be a URL, e.g. "https://bigconv.example.nhs.uk"')
        return url.rstrip("/")

    def _env(self, name: str, what: str) -> str:
        value = os.environ.get(name, "").strip()
        if not value and not self.allow_anonymous:
            raise ConfigError(f"Set {what} in {name}.")
        return value

    def secrets_needed(self) -> dict[str, str]:
        """Environment variable -> what it holds; none when anonymous (local trials)."""
        if self.allow_anonymous:
            return {}
        return {
            self.app_id_env: "the Teams app (client) id",
            self.app_secret_env: "the Teams app's client secret",
            self.tenant_id_env: "the Entra tenant id",
        }

    @property
    def app_id(self) -> str:
        """The Entra app (client) id, which is also the bot id; "" only when anonymous."""
        return self._env(self.app_id_env, "the Teams app (client) id")

    @property
    def app_secret(self) -> str:
        return self._env(self.app_secret_env, "the Teams app's client secret")

    @property
    def tenant_id(self) -> str:
        return self._env(self.tenant_id_env, "the Entra tenant id")

    @property
    def public_host(self) -> str:
        return urlsplit(self.public_url).hostname or ""
