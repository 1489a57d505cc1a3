"""One call tried again under a RetryPolicy while a person waits for it (a chair's relay,
a card in a Teams turn): the outbox worker's policy, not a second one.

A failure that says when to try again (Retry-After) waits that long; others wait the
policy's jittered backoff. A wait longer than the policy's cap is not taken: the person
is told instead.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from handlers.delivery.retry import RetryPolicy
from handlers.ports import DeliveryFailed

T = TypeVar("T")
# Someone is looking at the screen: three tries within a few seconds.
WHILE_WAITING = RetryPolicy(base_seconds=0.5, cap_seconds=5.0, max_attempts=3)
Sleep = Callable[[float], Awaitable[None]]


def _as_failure(exc: Exception) -> DeliveryFailed:
    return exc if isinstance(exc, DeliveryFailed) else DeliveryFailed(type(exc).__name__)


async def retried(
    call: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy = WHILE_WAITING,
    classify: Callable[[Exception], DeliveryFailed] = _as_failure,
    sleep: Sleep = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """`call()`, tried up to `policy.max_attempts` times; raises the last failure as
    `classify` saw it (its DeliveryFailed, or the original exception)."""
    draw = rng or random.Random()
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return await call()
        except Exception as exc:
            failure = classify(exc)
            if failure.permanent or attempt == policy.max_attempts:
                raise
            wait = failure.retry_after
            if wait is None:
                wait = policy.backoff(attempt, draw)
            if wait > policy.cap_seconds:
                raise
            await sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
