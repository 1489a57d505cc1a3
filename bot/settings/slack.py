"""The [slack] and [server] sections: how this deployment reaches Slack and is reached.

Secrets are never in the file: it names the environment variables that hold them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, StrictFloat, StrictStr, field_validator

from bot.settings.errors import ConfigError
from bot.settings.section import Flag, PositiveNumber, PositiveWhole, Section

SLACK_API = "https://slack.com/api/"
Mode = Literal["http", "socket"]
Ids = tuple[StrictStr, ...]


def secret_from_env(env_name: str, what: str) -> str:
    value = os.environ.get(env_name, "")
    if not value:
        raise ConfigError(f"Set the {what} in the environment variable {env_name}.")
    return value


class SlackSettings(Section):
    # A trust on Teams only sets false (and needs no Slack tokens).
    enabled: Flag = True
    mode: Mode = "http"
    api_base_url: StrictStr = SLACK_API
    bot_token_env: StrictStr = "SLACK_BOT_TOKEN"
    signing_secret_env: StrictStr = "SLACK_SIGNING_SECRET"
    app_token_env: StrictStr = "SLACK_APP_TOKEN"
    # Empty: every active human member of the workspace (guests included).
    audience_channels: Ids = ()
    edi_usergroups: Ids = ()
    admin_usergroups: Ids = ()
    network_chair_usergroups: Mapping[str, Ids] = Field(default_factory=dict)
    usergroup_cache_seconds: PositiveNumber = 300.0

    @field_validator("api_base_url")
    @classmethod
    def _ends_with_slash(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            raise ValueError('must be a URL, e.g. "https://slack.com/api/"')
        return url if url.endswith("/") else url + "/"

    def secrets_needed(self) -> dict[str, str]:
        """Environment variable -> what it holds, for the secrets this mode needs."""
        needed = {
            self.bot_token_env: "Slack bot token (xoxb-...)",
            self.signing_secret_env: "Slack signing secret",
        }
        if self.mode == "socket":
            needed[self.app_token_env] = "Slack app-level token (xapp-...)"
        return needed

    @property
    def bot_token(self) -> str:
        return secret_from_env(self.bot_token_env, "Slack bot token (xoxb-...)")

    @property
    def signing_secret(self) -> str:
        return secret_from_env(self.signing_secret_env, "Slack signing secret")

    @property
    def app_token(self) -> str:
        return secret_from_env(self.app_token_env, "Slack app-level token (xapp-...)")


class ServerSettings(Section):
    host: Annotated[StrictStr, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(strict=True, ge=0, le=65535)] = 3000
    # Requests larger than this are refused with 413 before anything reads them.
    max_body_bytes: PositiveWhole = 1024 * 1024
    # On SIGTERM: /healthz says 503 "draining" and requests are still served for this
    # long (so the load balancer moves away first), then in-flight ones get as long again.
    drain_seconds: Annotated[StrictFloat, Field(ge=0)] = 10.0
