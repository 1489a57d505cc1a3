"""The Big Conversation part of App Home, for network chairs and admins: compose a
prompt, and each prompt with replies waiting, with a button to review them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks.elements import Block, button, context, divider, header, section
from bot.slack.ids import ActionId, BlockId
from handlers.discussion import Digest

MAX_PROMPTS = 10


def chair_blocks(digests: Sequence[Digest]) -> list[Block]:
    compose = button(
        "Compose a prompt",
        action_id=ActionId.COMPOSE,
        value="new",
        label="Compose a Big Conversation prompt",
    )
    blocks: list[Block] = [
        header("Big Conversation"),
        {"type": "actions", "block_id": BlockId.HOME_CHAIR, "elements": [compose]},
    ]
    waiting = [d for d in digests if d.pending][:MAX_PROMPTS]
    for d in waiting:
        review = button(
            "Review replies",
            action_id=ActionId.OPEN_QUEUE,
            value=d.prompt_id,
            label=f"Review replies to {d.title}",
        )
        blocks.append(section(d.text) | {"accessory": review})
    if not waiting:
        blocks.append(context("No anonymous replies are waiting for you."))
    blocks.append(context("Type /bigconversation help for everything chairs can do."))
    blocks.append(divider())
    return blocks
