"""Post the prompts whose time has come, in every channel that does not have them yet.

Each post is recorded as soon as it lands, so a crash or a failing channel part-way
through never repeats the channels already done; a channel that failed for a while is
tried again at the next run, one that failed for good is reported and left.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from handlers.discussion.ports import ChannelPort
from handlers.discussion.posting import due_prompts, mark_posted
from handlers.ports import DeliveryFailed
from handlers.store_calls import StoreCalls
from storage.store import Store

log = logging.getLogger("bigconv.conversation")


@dataclass
class PostingRun:
    posted: int = 0
    retry_later: int = 0
    failed: list[str] = field(default_factory=list)  # "prompt id in channel: reason"


async def post_due_prompts(
    store: Store, ports: Mapping[str, ChannelPort], calls: StoreCalls, now: datetime
) -> PostingRun:
    """Post each due prompt through the port of its channel's platform."""
    run = PostingRun()
    for due in await calls(due_prompts, store.prompts, now=now):
        for channel in due.channels:
            port = ports.get(channel.platform)
            if port is None:
                continue  # that platform is not served by this process
            try:
                reference = await port.post_prompt(channel, due.card)
            except DeliveryFailed as failed:
                if failed.permanent:
                    run.failed.append(f"{due.card.prompt_id} in {channel.channel}: {failed}")
                    log.warning("prompt not posted in a channel: %s", failed.reason)
                else:
                    run.retry_later += 1
                continue
            await calls(
                mark_posted,
                store.prompts,
                prompt_id=due.card.prompt_id,
                channel=channel,
                reference=reference,
                now=now,
            )
            run.posted += 1
    return run
