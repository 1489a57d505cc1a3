"""What a platform wing hands to a use case: the store and the queue its calls go through.

A wing holds a Backend and passes it on; it never opens it. Keeping the store behind this
one handle is what lets a wing import no storage module at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.store_calls import StoreCalls
from storage.store import Store

# Store is named here so the wings' composition can type it without importing storage.
__all__ = ["Backend", "Store", "StoreCalls"]


@dataclass(frozen=True, slots=True)
class Backend:
    store: Store
    # Every blocking store call goes through this queue (one writer on SQLite).
    calls: StoreCalls
