"""The networks a person may compose a prompt for: a chair's own; for an admin, every
configured network and any already in use."""

from __future__ import annotations

from collections.abc import Iterable

from handlers.discussion.access import networks_of
from handlers.identity import Requester
from storage.prompt_store import Prompts


def compose_networks(
    prompts: Prompts, requester: Requester, configured: Iterable[str]
) -> tuple[str, ...]:
    own = networks_of(requester)
    if own is not None:
        return tuple(sorted(own))
    in_use = {p.fields.network for p in prompts.list_prompts()}
    return tuple(sorted(set(configured) | in_use))
