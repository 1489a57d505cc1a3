"""The chair's cards: their prompts, the moderation queue, digests, the starter library,
an export link and help. All in the chair's personal chat, never in a channel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.teams.cards.discussion_ids import COMMAND, ConvCard, ConvInput, ConvKey, ConvVerb
from bot.teams.cards.elements import Card, Element, card, facts, heading, open_url, submit, text
from handlers.discussion import (
    Digest,
    ModerationQueue,
    PromptList,
    PromptSummary,
    QueuedReply,
    ReplyMode,
    StarterPrompt,
)
from handlers.discussion.schedule import local_text

SHORT_ID = 8  # what the list shows; commands take it (storage.prompt_store.expand_id)
REPLY_MODES = {
    ReplyMode.RELAY: "you read them first; the ones you approve are posted in the thread",
    ReplyMode.PRIVATE: "only you and the EDI team read them",
    ReplyMode.OPEN: "none: colleagues reply in the thread under their own names",
}
NOTHING_WAITING = "No replies are waiting for you on this prompt."
HELP = (
    f"{COMMAND} new: compose a prompt",
    f"{COMMAND} starters: pick a ready-made prompt to edit",
    f"{COMMAND} list: your network's prompts (edit, pause, resume, delete, replies)",
    f"{COMMAND} queue PROMPT: the anonymous replies waiting for you",
    f"{COMMAND} digest: how many replies each prompt has",
    f"{COMMAND} export PROMPT [csv|xlsx]: the replies for the EDI team",
)


def action_set(actions: Sequence[Element]) -> Element:
    return {"type": "ActionSet", "actions": list(actions)}


def _data(verb: ConvVerb, **ids: str) -> dict[str, Any]:
    return {ConvKey.VERB: verb, **ids}


def _prompt_actions(p: PromptSummary) -> list[Element]:
    ids = {ConvKey.PROMPT: p.prompt_id}
    found = []
    if p.status in ("scheduled", "paused"):
        found.append(submit("Edit", _data(ConvVerb.EDIT, **ids), tooltip=f"Edit {p.title}"))
    if p.status == "scheduled":
        found.append(submit("Pause", _data(ConvVerb.PAUSE, **ids), tooltip=f"Pause {p.title}"))
    if p.status == "paused":
        found.append(submit("Resume", _data(ConvVerb.RESUME, **ids), tooltip=f"Resume {p.title}"))
    if p.reply_mode is not ReplyMode.OPEN:
        found.append(
            submit("Replies", _data(ConvVerb.QUEUE, **ids), tooltip=f"Replies to {p.title}")
        )
    if p.status != "deleted":
        found.append(_confirm_delete(p))
    return found


def _confirm_delete(p: PromptSummary) -> Element:
    """Delete asks first: the button opens a card that says what happens, and only its
    own button deletes."""
    confirm = card(
        [text(f"Delete “{p.title}”? It will not be posted again, and this cannot be undone.")],
        fallback=f"Delete {p.title}?",
        actions=[submit("Yes, delete it", _data(ConvVerb.DELETE, **{ConvKey.PROMPT: p.prompt_id}))],
    )
    return {"type": "Action.ShowCard", "title": "Delete", "card": confirm}


def prompt_list_card(listed: PromptList, *, note: str | None = None) -> Card:
    body: list[Element] = [heading(listed.text, id=ConvCard.LIST)]
    if note:
        body.append(text(note, weight="Bolder"))
    if not listed.prompts:
        body.append(text(f"No prompts yet. Type {COMMAND} new to compose one."))
    for p in listed.prompts:
        when = local_text(p.next_post_at) if p.next_post_at else "not scheduled"
        body.append(text(p.title, weight="Bolder"))
        body.append(
            facts(
                [
                    ("Network", p.network),
                    ("Status", p.status),
                    ("Id", p.prompt_id[:SHORT_ID]),
                    ("Next post", when),
                    ("Anonymous replies", REPLY_MODES[p.reply_mode]),
                ]
            )
        )
        actions = _prompt_actions(p)
        if actions:
            body.append(action_set(actions))
    return card(body, fallback=listed.text)


def _answer_card(reply: QueuedReply, prompt_id: str) -> Card:
    box = {
        "type": "Input.Text",
        "id": f"{ConvInput.ANSWER_PREFIX}{reply.queue_id}",
        "label": "Your answer (sent to them privately; you are not told who they are)",
        "isMultiline": True,
        "maxLength": 2000,
    }
    data = _data(ConvVerb.ANSWER, item=reply.queue_id, prompt_id=prompt_id)
    return {"type": "AdaptiveCard", "body": [box], "actions": [submit("Send answer", data)]}


def _reply_items(queue: ModerationQueue, n: int, reply: QueuedReply) -> list[Element]:
    ids = {ConvKey.ITEM: reply.queue_id, ConvKey.PROMPT: queue.prompt_id}
    approve = "Approve and post in the thread" if queue.reply_mode is ReplyMode.RELAY else "Approve"
    actions = [
        submit(approve, _data(ConvVerb.APPROVE, **ids), tooltip=f"Approve reply {n}"),
        submit("Decline", _data(ConvVerb.DECLINE, **ids), tooltip=f"Decline reply {n}"),
    ]
    items = [text(f"Reply {n} ({reply.month})", weight="Bolder"), text(reply.text)]
    if reply.asked_for_reply:
        items.append(text("This colleague asked for a reply from the chair.", subtle=True))
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": "Reply to them",
                "card": _answer_card(reply, queue.prompt_id),
            }
        )
    return [*items, action_set(actions)]


def queue_card(queue: ModerationQueue, *, note: str | None = None) -> Card:
    title = f"Anonymous replies to “{queue.title}”"
    body: list[Element] = [heading(title, id=ConvCard.QUEUE)]
    if note:
        body.append(text(note, weight="Bolder"))
    if not queue.replies:
        body.append(text(NOTHING_WAITING))
    for n, reply in enumerate(queue.replies, start=1):
        body += _reply_items(queue, n, reply)
    return card(body, fallback=title)


def digest_card(digests: Sequence[Digest]) -> Card:
    body: list[Element] = [heading("Big Conversation digest", id=ConvCard.DIGEST)]
    body += [text(d.text) for d in digests] or [text("No prompts take anonymous replies yet.")]
    return card(body, fallback="Big Conversation digest")


def starters_card(starters: Sequence[StarterPrompt]) -> Card:
    body: list[Element] = [
        heading("Starter prompts", id=ConvCard.STARTERS),
        text("Pick one to edit before it is scheduled.", subtle=True),
    ]
    for n, starter in enumerate(starters):
        body += [text(f"{starter.title} ({starter.theme})", weight="Bolder"), text(starter.body)]
        data = _data(ConvVerb.STARTER, starter=str(n))
        body.append(action_set([submit("Use this prompt", data, tooltip=starter.title)]))
    return card(body, fallback="Starter prompts")


def export_card(filename: str, url: str, minutes: float) -> Card:
    said = (
        f"The replies are ready as {filename}. The link works for {minutes:g} minutes and is "
        "meant for you: please do not forward it."
    )
    body = [text(said, id=ConvCard.EXPORT)]
    return card(body, fallback=said, actions=[open_url(f"Download {filename}", url)])


def help_card() -> Card:
    body = [heading("Big Conversation prompts", id=ConvCard.HELP), *(text(h) for h in HELP)]
    return card(body, fallback="Big Conversation prompts")


def conv_notice(message: str) -> Card:
    return card([text(message, id=ConvCard.NOTICE)], fallback=message)
