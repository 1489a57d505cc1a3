"""The `[delivery]` section: how fast the worker may send, and how it retries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.config import ConfigError, Settings
from handlers.delivery.pacing import Pacing, PlatformPacing
from handlers.delivery.retry import RetryPolicy


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    pacing: Pacing
    retry: RetryPolicy
    concurrency: int = 64


def _number(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"[delivery] {key} must be a number above 0")
    return float(value)


def delivery_settings(settings: Settings) -> DeliverySettings:
    raw = settings.section("delivery")
    slack = PlatformPacing(
        conversation_per_second=_number(raw, "slack_conversation_per_second", 1.0),
        workspace_per_second=_number(raw, "slack_workspace_per_second", 50.0),
    )
    teams = PlatformPacing(
        conversation_per_second=_number(raw, "teams_conversation_per_second", 7.0),
        workspace_per_second=_number(raw, "teams_tenant_per_second", 30.0),
    )
    retry = RetryPolicy(
        base_seconds=_number(raw, "backoff_base_seconds", 2.0),
        cap_seconds=_number(raw, "backoff_cap_seconds", 600.0),
        max_attempts=int(_number(raw, "max_attempts", 6)),
    )
    return DeliverySettings(
        pacing=Pacing({"slack": slack, "teams": teams}),
        retry=retry,
        concurrency=int(_number(raw, "concurrency", 64)),
    )
