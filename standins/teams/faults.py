"""Fault injection: the failures a Teams delivery worker must survive, on demand.

Error bodies follow the Bot Connector's shape, `{"error": {"code": ..., "message": ...}}`,
with the codes from Microsoft's "Status codes from bot conversational APIs" table:
retry 412, 429 (after Retry-After), 502, 503 and 504; never retry 403s or 404s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from standins.clock import Clock

# status -> (code, message) the Connector answers with when a test names only a status
STATUS_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadArgument", "Invalid request payload."),
    401: ("BotNotRegistered", "No registration found for this bot."),
    403: ("ConversationBlockedByUser", "User blocked the conversation with the bot."),
    404: ("ConversationNotFound", "Conversation not found."),
    412: ("PreconditionFailed", "Precondition failed, please try again."),
    413: ("MessageSizeTooBig", "Message size too large."),
    429: ("Throttled", "Too many requests."),
    500: ("ServiceError", "Internal server error."),
    502: ("ServiceError", "Service dependency issue."),
    503: ("ServiceUnavailable", "Service is unavailable."),
    504: ("GatewayTimeout", "Gateway timeout."),
}

# The 403 codes that mean "this conversation will not take messages until a user acts".
# MessageWritesBlocked is the subCode Microsoft's blocked-or-uninstalled guidance names.
BLOCK_MESSAGES: dict[str, str] = {
    "ConversationBlockedByUser": "User blocked the conversation with the bot.",
    "BotNotInConversationRoster": "The bot isn't part of the conversation roster.",
    "BotDisabledByAdmin": "The tenant admin disabled this bot",
    "ForbiddenOperationException": "Bot isn't installed in user's personal scope",
    "MessageWritesBlocked": "Message writes are blocked for this conversation.",
}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


@dataclass
class Fault:
    """One injected failure, used `times` times on requests that match it."""

    route: str = "*"  # "send", "reply", "update", "delete", "create", "members", ... or "*"
    status: int = 200
    code: str | None = None
    message: str | None = None
    retry_after: int = 1
    delay: float = 0.0
    disconnect: bool = False
    times: int = 1
    conversation: str | None = None
    used: int = 0

    def matches(self, route: str, conversation_id: str | None) -> bool:
        if self.used >= self.times or self.route not in ("*", route):
            return False
        return self.conversation is None or self.conversation == conversation_id

    @property
    def answers(self) -> bool:
        """False for a pure delay: the request then goes on to the real operation."""
        return self.disconnect or self.status != 200

    def body(self) -> dict[str, Any]:
        code, message = STATUS_ERRORS.get(self.status, ("ServiceError", "Injected failure."))
        return error_body(self.code or code, self.message or message)


@dataclass
class Storm:
    """Every `every`-th matching request is refused with 429 until `until`."""

    every: int
    until: float
    retry_after: int
    routes: frozenset[str]
    seen: int = 0

    def hits(self, route: str, now: float) -> bool:
        if now >= self.until or (self.routes and route not in self.routes):
            return False
        self.seen += 1
        return self.seen % self.every == 0


class FaultPlan:
    """The faults armed on one stand-in; consulted once per Connector request."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.faults: list[Fault] = []
        self.storms: list[Storm] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def storm(
        self, *, every: int, duration: float, retry_after: int, routes: frozenset[str]
    ) -> Storm:
        if every < 1:
            raise ValueError("every must be at least 1")
        storm = Storm(every, self._clock() + duration, retry_after, routes)
        self.storms.append(storm)
        return storm

    def clear(self) -> None:
        self.faults.clear()
        self.storms.clear()

    def next_fault(self, route: str, conversation_id: str | None) -> Fault | None:
        """The fault this request meets, if any; a storm hit is returned as a 429 fault."""
        now = self._clock()
        for storm in self.storms:
            if storm.hits(route, now):
                return Fault(route, status=429, retry_after=storm.retry_after, used=1)
        for fault in self.faults:
            if fault.matches(route, conversation_id):
                fault.used += 1
                return fault
        return None
