"""Fault injection: the failures a delivery worker must survive, on demand.

A fault answers in place of the method: an HTTP status (429 with Retry-After, 5xx), an
`ok: false` error at HTTP 200 (a permanent failure such as `user_not_found`), a slow
answer, or a connection dropped without any answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from standins.clock import Clock


@dataclass
class Fault:
    """One injected failure, used `times` times on requests that match it."""

    method: str  # "*" for every method
    status: int = 200
    error: str | None = None
    retry_after: int = 1
    delay: float = 0.0
    disconnect: bool = False
    times: int = 1
    where: Mapping[str, str] = field(default_factory=dict)
    used: int = 0

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.used >= self.times or self.method not in ("*", method):
            return False
        return all(str(params.get(k)) == v for k, v in self.where.items())

    @property
    def answers(self) -> bool:
        """False for a pure delay: the request then goes on to the real method."""
        return self.disconnect or self.status != 200 or self.error is not None


@dataclass
class Storm:
    """Every `every`-th matching request is refused with 429 until `until`."""

    every: int
    until: float
    retry_after: int
    methods: frozenset[str]
    seen: int = 0

    def hits(self, method: str, now: float) -> bool:
        if now >= self.until or (self.methods and method not in self.methods):
            return False
        self.seen += 1
        return self.seen % self.every == 0


class FaultPlan:
    """The faults armed on one stand-in; consulted once per Web API request."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.faults: list[Fault] = []
        self.storms: list[Storm] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def storm(
        self, *, every: int, duration: float, retry_after: int, methods: frozenset[str]
    ) -> Storm:
        if every < 1:
            raise ValueError("every must be at least 1")
        storm = Storm(every, self._clock() + duration, retry_after, methods)
        self.storms.append(storm)
        return storm

    def clear(self) -> None:
        self.faults.clear()
        self.storms.clear()

    def next_fault(self, method: str, params: Mapping[str, Any]) -> Fault | None:
        """The fault this request meets, if any; a storm hit is returned as a 429 fault."""
        now = self._clock()
        for storm in self.storms:
            if storm.hits(method, now):
                return Fault(method, status=429, retry_after=storm.retry_after, used=1)
        for fault in self.faults:
            if fault.matches(method, params):
                fault.used += 1
                return fault
        return None
