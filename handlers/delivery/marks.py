"""Group commit of "sent" marks: every send that finishes while the previous marks are
being written joins the next single transaction.

One thread and one transaction per mark made dozens of threads queue for SQLite's one
write lock, each sleeping in its busy handler (py-spy: most of a fan-out's time). Each
send still waits until its own mark is committed before it counts as done, so a crash
leaves no more rows "sending" than before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
Mark = tuple[int, dict[str, Any]]
WriteMarks = Callable[[Sequence[Mark]], None]


class RunBlocking(Protocol):
    """asyncio.to_thread, or a handlers.store_calls.StoreCalls: blocking store work off the loop."""

    def __call__(
        self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[T]: ...


class SentMarks:
    def __init__(self, write: WriteMarks, run: RunBlocking = asyncio.to_thread) -> None:
        self._write, self._run = write, run
        self._pending: list[tuple[int, dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def mark(self, row_id: int, reference: dict[str, Any]) -> None:
        """Return once this row's "sent" mark is committed (or raise what the write raised)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((row_id, reference, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())
        await asyncio.shield(done)

    async def _write_all(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await self._run(self._write, [(row, ref) for row, ref, _ in batch])
            except Exception as exc:  # each waiting send sees it, as with its own write
                for *_, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for *_, done in batch:
                    if not done.done():
                        done.set_result(None)
