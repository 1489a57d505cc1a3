"""The chair's moderation queue as a modal: each pending reply with Approve, Decline and
(when the colleague asked for one) Reply; and the modal for the chair's answer."""

from __future__ import annotations

import json

from bot.slack.blocks.elements import Block, button, context, divider, header, modal, plain, section
from bot.slack.blocks.inputs import input_block, text_input
from bot.slack.ids import ActionId, BlockId, CallbackId
from handlers.discussion import ModerationQueue, QueuedReply, ReplyMode
from handlers.discussion.cards import MAX_REPLY_CHARS

MAX_SHOWN = 20  # each reply takes four blocks; a modal holds 100


def _actions(item: QueuedReply, mode: ReplyMode, number: int) -> Block:
    approve = "Approve and post" if mode is ReplyMode.RELAY else "Keep"
    elements = [
        button(
            approve,
            action_id=ActionId.APPROVE,
            value=item.queue_id,
            label=f"{approve}: reply {number}",
        ),
        button(
            "Decline",
            action_id=ActionId.DECLINE,
            value=item.queue_id,
            label=f"Decline reply {number}",
        ),
    ]
    elements[1].pop("style")
    if item.asked_for_reply:
        answer = button(
            "Reply to them",
            action_id=ActionId.ANSWER_COLLEAGUE,
            value=item.queue_id,
            label=f"Answer reply {number}",
        )
        answer.pop("style")
        elements.append(answer)
    return {"type": "actions", "block_id": f"reply_{item.queue_id}", "elements": elements}


def queue_modal(queue: ModerationQueue, *, note: str | None = None) -> Block:
    blocks: list[Block] = [header(queue.title)]
    if note:
        blocks.append(section(note))
    if not queue.replies:
        blocks.append(section("No replies are waiting for you."))
    shown = queue.replies[:MAX_SHOWN]
    for number, item in enumerate(shown, start=1):
        asked = " The colleague asked for a reply from you." if item.asked_for_reply else ""
        blocks += [
            divider(),
            section(f"Reply {number} ({item.month}): {item.text}"),
            context(f"Anonymous.{asked}"),
            _actions(item, queue.reply_mode, number),
        ]
    if len(queue.replies) > MAX_SHOWN:
        blocks.append(context(f"{len(queue.replies) - MAX_SHOWN} more after you deal with these."))
    view = modal("Replies to review", blocks, callback_id=CallbackId.QUEUE)
    view["private_metadata"] = json.dumps({"prompt": queue.prompt_id})
    return view


def answer_modal(queue_id: str, *, queue_view: str | None) -> Block:
    blocks = [
        section(
            "Your answer is sent to the colleague as a direct message from the bot. You will "
            "not be told who they are, and they are told only which network answered."
        ),
        input_block(
            BlockId.ANSWER_TEXT,
            "Your answer",
            text_input(multiline=True, max_length=MAX_REPLY_CHARS),
        ),
    ]
    view = modal("Answer a colleague", blocks, callback_id=CallbackId.ANSWER, close="Cancel")
    view["submit"] = plain("Send", 24)
    view["private_metadata"] = json.dumps({"reply": queue_id, "queue": queue_view})
    return view
