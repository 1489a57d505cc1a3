"""The Big Conversation in the Slack demo: a network chair's prompt posted in a channel by
the posting job, a few colleagues replying anonymously through signed clicks and modal
submissions, and the chair approving them so they are relayed in the prompt's thread."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.demo.population import Colleague
from bot.slack.bot_channels import bot_channels
from bot.slack.ids import ActionId, BlockId
from bot.slack.wiring import SlackRuntime
from handlers.discussion import (
    ChannelRef,
    ModerationQueue,
    PromptSaved,
    approve_reply,
    library,
    open_queue,
    save_draft,
)
from handlers.discussion.post_due import post_due_prompts
from handlers.identity import Person, Requester, Role
from standins.slack import TEAM_ID, SlackStandIn, payloads
from storage.store import Store

DEMO_CHANNEL = "C0BIGCONV"
DEMO_NETWORK = "BME network"
REPLIES = (
    "On nights we rarely talk about this; a prompt like this helps.",
    "I was welcomed by name on my first shift and it stayed with me.",
    "Agency colleagues are often left out of the team huddle.",
    "My name is shortened every day. I would like it said properly.",
    "Our ward's away day could start with this question.",
)


@dataclass(frozen=True, slots=True)
class ConversationResult:
    title: str
    replies: int
    relayed: int
    seconds: float

    @property
    def summary(self) -> str:
        return (
            f"Big Conversation: “{self.title}” posted in #big-conversation; {self.replies} "
            f"anonymous replies, {self.relayed} approved and relayed in its thread "
            f"({self.seconds:.1f} s)."
        )


async def _reply(slack: SlackStandIn, app_url: str, user: str, prompt_id: str, text: str) -> None:
    post = next(m for m in slack.messages_to(DEMO_CHANNEL) if m.thread_ts is None)
    before = len(slack.views_opened)
    await slack.caller.click_button(
        app_url,
        user=user,
        action_id=ActionId.REPLY,
        value=prompt_id,
        block_id=BlockId.PROMPT_ACTIONS,
        message=post,
    )
    for _ in range(500):
        if len(slack.views_opened) > before:
            break
        await asyncio.sleep(0.01)
    modal = slack.views_opened[before]
    values = {str(BlockId.REPLY_TEXT): {str(ActionId.FIELD): payloads.text_input(text)}}
    await slack.caller.submit_view(app_url, user=user, view=modal, values=values)


async def run_conversation(
    slack: SlackStandIn,
    runtime: SlackRuntime,
    store: Store,
    app_url: str,
    trust: Sequence[Colleague],
    rng: random.Random,
) -> ConversationResult:
    started = time.perf_counter()
    backend, now = runtime.deps.backend, datetime.now(UTC)
    chair = Requester(
        Person("slack", TEAM_ID, trust[0].user_id),
        frozenset({Role.STAFF, Role.NETWORK_CHAIR}),
        frozenset({DEMO_NETWORK}),
    )
    channel = ChannelRef("slack", TEAM_ID, DEMO_CHANNEL)
    draft = library()[0].draft(network=DEMO_NETWORK, channels=(channel,))
    where = await bot_channels(runtime.client, team=TEAM_ID)
    saved = await save_draft(
        backend, requester=chair, draft=draft, editing=None, bot_channels=where, now=now
    )
    assert isinstance(saved, PromptSaved), saved
    await post_due_prompts(store, {"slack": runtime.channel_port}, backend.calls, now)
    writers = rng.sample(list(trust[1:]), min(len(REPLIES), len(trust) - 1))
    for colleague, text in zip(writers, REPLIES, strict=False):
        await _reply(slack, app_url, colleague.user_id, saved.prompt_id, text)
    # The demo skips the random delay that holds replies back from the chair's queue.
    await backend.calls(store.prompts.release, saved.prompt_id)
    waiting = await open_queue(backend, requester=chair, prompt_id=saved.prompt_id)
    assert isinstance(waiting, ModerationQueue), waiting
    for item in waiting.replies[:-1]:  # the chair keeps the last one back for now
        await approve_reply(
            backend, runtime.deps.channel_ports, requester=chair, queue_id=item.queue_id
        )
    relayed = (await backend.calls(store.prompts.counts, saved.prompt_id)).get("relayed", 0)
    seconds = time.perf_counter() - started
    return ConversationResult(draft.title, len(waiting.replies), relayed, seconds)
