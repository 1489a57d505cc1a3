"""Turn state storage that keeps nothing.

The SDK's AgentApplication insists on a Storage for conversation and user state. We keep
no state between turns (everything lives in our database), and a MemoryStorage would
hold an entry per person who ever wrote to the bot.
"""

from __future__ import annotations

from typing import Any, TypeVar

from microsoft_agents.hosting.core import Storage, StoreItem

StoreItemT = TypeVar("StoreItemT", bound=StoreItem)


class NullStorage(Storage):
    async def read(
        self, keys: list[str], *, target_cls: type[StoreItemT], **kwargs: Any
    ) -> dict[str, StoreItemT]:
        return {}

    async def write(self, changes: dict[str, StoreItem]) -> None:
        return None

    async def delete(self, keys: list[str]) -> None:
        return None
