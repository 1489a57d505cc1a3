"""Blocking store work run off the event loop, in a pool sized for the database.

SQLite takes one writer at a time (every transaction here begins IMMEDIATE) and makes
the others wait in its busy handler, which sleeps in growing steps of up to 100 ms; one
thread queueing the work in order is much faster than many threads sleeping. PostgreSQL
takes concurrent transactions, so it gets a wider pool.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from storage.store import Store

P = ParamSpec("P")
T = TypeVar("T")
POSTGRES_WORKERS = 16


class StoreCalls:
    def __init__(self, store: Store) -> None:
        workers = 1 if store.db.dialect_name == "sqlite" else POSTGRES_WORKERS
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="store")

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
