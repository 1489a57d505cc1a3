"""What a failed Connector call means for delivery: wait and retry, or give up for good.

From Microsoft's "Status codes from bot conversational APIs" (the table is in
docs/teams-agents-sdk-notes.md §4): 429 after its Retry-After; 412 and 5xx with backoff;
a 403 saying the user blocked the bot, the app was uninstalled or an admin disabled it
is permanent and recorded as "bot blocked or uninstalled". The SDK raises
aiohttp.ClientResponseError whose message is the Connector's error body. Reasons never
name a person: they are stored on the outbox row and counted in `rounds status`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from handlers.ports import DeliveryFailed

BLOCKED = "bot blocked or uninstalled"
BLOCK_CODES = frozenset(
    {
        "ConversationBlockedByUser",
        "BotNotInConversationRoster",
        "BotDisabledByAdmin",
        "ForbiddenOperationException",
        "MessageWritesBlocked",  # the subCode Microsoft's blocked-or-uninstalled guidance names
    }
)
TRANSIENT = frozenset({401, 408, 412, 500, 502, 503, 504})  # 401: a token being renewed
DEFAULT_RETRY_AFTER = 1.0


def error_codes(message: str) -> set[str]:
    """Every code and subCode in a Connector error body (there is no fixed nesting)."""
    try:
        body: Any = json.loads(message)
    except (TypeError, ValueError):
        return {code for code in BLOCK_CODES if code in (message or "")}
    found: set[str] = set()
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if key in ("code", "subCode") and isinstance(value, str):
                    found.add(value)
                elif isinstance(value, Mapping | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def retry_after(headers: Mapping[str, str] | None) -> float:
    try:
        return max(0.0, float((headers or {}).get("Retry-After", DEFAULT_RETRY_AFTER)))
    except ValueError:
        return DEFAULT_RETRY_AFTER


def failure_of(exc: BaseException) -> DeliveryFailed:
    if isinstance(exc, DeliveryFailed):
        return exc
    if isinstance(exc, aiohttp.ClientResponseError):
        status, codes = exc.status, error_codes(exc.message)
        if status == 429:
            return DeliveryFailed("throttled by Teams (429)", retry_after=retry_after(exc.headers))
        if status == 403 and codes & BLOCK_CODES:
            return DeliveryFailed(BLOCKED, permanent=True)
        if status == 404 and "ConversationNotFound" in codes:
            # What Teams answers for some 1:1 chats once the app is uninstalled.
            return DeliveryFailed(BLOCKED, permanent=True)
        if status in TRANSIENT:
            return DeliveryFailed(f"Teams answered {status}")
        code = min(codes) if codes else "no code"
        return DeliveryFailed(f"refused by Teams ({status} {code})", permanent=True)
    if isinstance(exc, aiohttp.ClientError | TimeoutError | OSError):
        return DeliveryFailed(f"network: {type(exc).__name__}")
    return DeliveryFailed(f"unexpected: {type(exc).__name__}")
