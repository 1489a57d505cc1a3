"""The [slack] and [server] sections: how this deployment reaches Slack and is reached.

Secrets are never in the file: it names the environment variables that hold them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.config import ConfigError, Settings

SLACK_API = "https://slack.com/api/"
Mode = Literal["http", "socket"]


@dataclass(frozen=True, slots=True)
class SlackSettings:
    mode: Mode = "http"
    api_base_url: str = SLACK_API
    bot_token_env: str = "SLACK_BOT_TOKEN"
    signing_secret_env: str = "SLACK_SIGNING_SECRET"
    app_token_env: str = "SLACK_APP_TOKEN"
    # Empty: every active human member of the workspace (guests included).
    audience_channels: tuple[str, ...] = ()
    edi_usergroups: tuple[str, ...] = ()
    admin_usergroups: tuple[str, ...] = ()
    network_chair_usergroups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    usergroup_cache_seconds: float = 300.0

    def secret(self, env_name: str, what: str) -> str:
        value = os.environ.get(env_name, "")
        if not value:
            raise ConfigError(f"Set the {what} in the environment variable {env_name}.")
        return value

    @property
    def bot_token(self) -> str:
        return self.secret(self.bot_token_env, "Slack bot token (xoxb-...)")

    @property
    def signing_secret(self) -> str:
        return self.secret(self.signing_secret_env, "Slack signing secret")

    @property
    def app_token(self) -> str:
        return self.secret(self.app_token_env, "Slack app-level token (xapp-...)")


@dataclass(frozen=True, slots=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 3000
    max_body_bytes: int = 1024 * 1024


def _strings(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, ())
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'[slack] {key} must be a list of ids, e.g. ["S0123"]')
    return tuple(value)


def slack_settings(settings: Settings) -> SlackSettings:
    raw = settings.section("slack")
    mode = str(raw.get("mode", "http"))
    if mode not in ("http", "socket"):
        raise ConfigError('[slack] mode must be "http" or "socket"')
    chairs = raw.get("network_chair_usergroups", {})
    if not isinstance(chairs, Mapping):
        raise ConfigError("[slack.network_chair_usergroups] must map a network to user groups")
    base_url = str(raw.get("api_base_url", SLACK_API))
    defaults = SlackSettings()
    return SlackSettings(
        mode="socket" if mode == "socket" else "http",
        api_base_url=base_url if base_url.endswith("/") else base_url + "/",
        bot_token_env=str(raw.get("bot_token_env", defaults.bot_token_env)),
        signing_secret_env=str(raw.get("signing_secret_env", defaults.signing_secret_env)),
        app_token_env=str(raw.get("app_token_env", defaults.app_token_env)),
        audience_channels=_strings(raw, "audience_channels"),
        edi_usergroups=_strings(raw, "edi_usergroups"),
        admin_usergroups=_strings(raw, "admin_usergroups"),
        network_chair_usergroups={str(net): _strings(chairs, str(net)) for net in chairs},
        usergroup_cache_seconds=float(raw.get("usergroup_cache_seconds", 300)),
    )


def server_settings(settings: Settings) -> ServerSettings:
    raw = settings.section("server")
    return ServerSettings(
        host=str(raw.get("host", "127.0.0.1")),
        port=int(raw.get("port", 3000)),
        max_body_bytes=int(raw.get("max_body_bytes", 1024 * 1024)),
    )
