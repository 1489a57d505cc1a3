"""The [teams] section: how this deployment reaches Teams and is reached.

Secrets are never in the file: it names the environment variables that hold the Entra app
(client) id, its secret and the tenant id. Anonymous access (no Bot Service token on
requests, none sent to the Connector) is for local trials only and must be asked for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.config import ConfigError, Settings


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    enabled: bool = False
    app_id_env: str = "TEAMS_APP_ID"
    app_secret_env: str = "TEAMS_APP_SECRET"
    tenant_id_env: str = "TEAMS_TENANT_ID"
    allow_anonymous: bool = False
    # The server's public https address: report download links and the app package.
    public_url: str = ""
    report_link_minutes: float = 15.0
    # The app package: who publishes it, and the pages its store listing links to.
    developer_name: str = ""
    privacy_url: str = ""
    terms_url: str = ""

    def _env(self, name: str) -> str:
        return os.environ.get(name, "").strip()

    @property
    def app_id(self) -> str:
        """The Entra app (client) id, which is also the bot id; "" only when anonymous."""
        value = self._env(self.app_id_env)
        if not value and not self.allow_anonymous:
            raise ConfigError(f"Set the Teams app (client) id in {self.app_id_env}.")
        return value

    @property
    def app_secret(self) -> str:
        value = self._env(self.app_secret_env)
        if not value and not self.allow_anonymous:
            raise ConfigError(f"Set the Teams app's client secret in {self.app_secret_env}.")
        return value

    @property
    def tenant_id(self) -> str:
        value = self._env(self.tenant_id_env)
        if not value and not self.allow_anonymous:
            raise ConfigError(f"Set the Entra tenant id in {self.tenant_id_env}.")
        return value

    @property
    def public_host(self) -> str:
        return urlsplit(self.public_url).hostname or ""


def _flag(raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"[teams] {key} must be true or false")
    return value


def teams_settings(settings: Settings) -> TeamsSettings:
    raw = settings.section("teams")
    defaults = TeamsSettings()
    public_url = str(raw.get("public_url", "")).rstrip("/")
    if public_url and not public_url.startswith(("https://", "http://")):
        raise ConfigError('[teams] public_url must be a URL, e.g. "https://bigconv.example.nhs.uk"')
    minutes = raw.get("report_link_minutes", defaults.report_link_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0:
        raise ConfigError("[teams] report_link_minutes must be a number above 0")
    return TeamsSettings(
        enabled=_flag(raw, "enabled"),
        app_id_env=str(raw.get("app_id_env", defaults.app_id_env)),
        app_secret_env=str(raw.get("app_secret_env", defaults.app_secret_env)),
        tenant_id_env=str(raw.get("tenant_id_env", defaults.tenant_id_env)),
        allow_anonymous=_flag(raw, "allow_anonymous"),
        public_url=public_url,
        report_link_minutes=float(minutes),
        developer_name=str(raw.get("developer_name", "")) or settings.trust_name,
        privacy_url=str(raw.get("privacy_url", "")),
        terms_url=str(raw.get("terms_url", "")),
    )
