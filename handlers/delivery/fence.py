"""The delivery worker's leader fence: send only while this worker's epoch still leads.

Claims and marks are refused by the database once a newer leader has bumped the epoch
(storage.leader_epoch). Sends are not database writes, so the worker also confirms its
epoch before each send, at most once every `max_age` seconds (one check shared by the
sends waiting for it). A leader stopped with SIGSTOP and resumed after a takeover finds
its confirmation older than `max_age` (the monotonic clock runs on while a process is
stopped), checks, and is refused. An answer that arrives more than STALLED seconds after
its check began (the process was stopped while the check ran) is not trusted either: the
sends waiting on it check again rather than go out on a confirmation from before the stop.

The last look: between that check and the request that sends lie the port's own awaits
(opening the DM, the connection pool), and a process stopped there would send on resume.
So the port calls `last_look()` immediately before that request: without any I/O, it
refuses (Unconfirmed) a send whose confirmation is older than LAST_LOOK seconds, and the
worker confirms again with the database before trying once more. A stop long enough for a
takeover (the lock is freed after idle_session_timeout, several seconds) always trips it.

The bound on duplicates: a stale leader can still send only what had passed the last look
when the new leader took over: requests already being written at the stop (at most
`concurrency`, the send semaphore, and in practice none), plus those started within
`max_age` if it kept running unaware. The new leader resends those rows, so delivery stays
at-least-once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from handlers.delivery.marks import RunBlocking
from storage.leader_epoch import StaleEpoch

log = logging.getLogger("bigconv.delivery")
DEFAULT_MAX_AGE = 0.5
STALLED = 2.0  # a confirmation this old when it arrives is not trusted
LAST_LOOK = 2.0  # a send whose confirmation is older than this goes back to the check


class Unconfirmed(Exception):
    """The send's leader confirmation went stale before its request (the process was
    stopped or stalled in between): nothing was sent; confirm again, then send."""


_SENDING: ContextVar[EpochFence | None] = ContextVar("bigconv_sending_fence", default=None)


def last_look() -> None:
    """For a port, immediately before the request that sends: raises Unconfirmed when the
    send under way (in this task) rests on a confirmation older than LAST_LOOK."""
    fence = _SENDING.get()
    if fence is not None:
        fence.look()


class EpochFence:
    def __init__(
        self,
        epoch: int | None,
        confirm: Callable[[int], None],
        run: RunBlocking,
        monotonic: Callable[[], float],
        *,
        max_age: float = DEFAULT_MAX_AGE,
    ) -> None:
        """`epoch` None: unfenced (a worker run outside `serve`). `confirm(epoch)` raises
        StaleEpoch when a newer leader leads."""
        self.epoch = epoch
        self._confirm, self._run, self._monotonic = confirm, run, monotonic
        self._max_age = max_age
        self._confirmed_at = float("-inf")
        self._check: asyncio.Future[None] | None = None
        self.stale: StaleEpoch | None = None

    def confirmed(self, at: float) -> None:
        """A fenced claim or mark committed at (or after) `at`: the epoch led then."""
        self._confirmed_at = max(self._confirmed_at, at)

    def lose(self, why: StaleEpoch) -> None:
        if self.stale is None:
            log.warning(
                "a newer leader (epoch %d) has taken over from epoch %d: this worker "
                "stops claiming and sending",
                why.current,
                why.mine,
            )
        self.stale = why

    async def confirm(self) -> None:
        """Return if this epoch still leads; raise StaleEpoch if not."""
        while True:
            if self.stale is not None:
                raise self.stale
            if self.epoch is None or self._fresh(self._max_age):
                return
            if self._check is None or self._check.done():
                self._check = asyncio.ensure_future(self._verify(self.epoch))
            await asyncio.shield(self._check)
            if self._fresh(STALLED):
                return
            # The answer is older than STALLED: this process was stopped (or stalled)
            # while the check ran, and a takeover may have happened since. Ask again.

    @contextlib.contextmanager
    def sending(self) -> Iterator[None]:
        """The send awaited inside rests on this fence: the port's last_look() reads it."""
        token = _SENDING.set(self)
        try:
            yield
        finally:
            _SENDING.reset(token)

    def look(self) -> None:
        """Unconfirmed (the worker's next confirm() tells stale from stalled)."""
        if self.stale is not None or (self.epoch is not None and not self._fresh(LAST_LOOK)):
            raise Unconfirmed()

    def _fresh(self, max_age: float) -> bool:
        return self._monotonic() - self._confirmed_at <= max_age

    async def _verify(self, epoch: int) -> None:
        started = self._monotonic()
        try:
            await self._run(self._confirm, epoch)
        except StaleEpoch as exc:
            self.lose(exc)
            raise
        self.confirmed(started)
