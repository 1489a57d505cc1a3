"""The chair's moderation queue: approve, decline, and answer a colleague who asked.

Only the network's chairs (and admins) see a prompt's replies. Every action is audited
with the actor, the action and the prompt; never the reply's text, never its author.
"""

from __future__ import annotations

from discussion.model import PromptInfo, RelayReference, ReplyMode, ReplyStatus
from discussion.refusals import RefusalReason
from handlers.discussion.access import Refused, check_network, refuse
from handlers.discussion.cards import (
    MAX_REPLY_CHARS,
    DirectInstruction,
    ModerationQueue,
    QueuedReply,
    RelayInstruction,
)
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from storage.prompt_store import AuditNote, Prompts
from storage.repositories.prompts import UnknownPrompt
from storage.repositories.replies import ReplyView, UnknownReply

RELAY_PREFIX = "A colleague said: "
NO_REPLY_WANTED = "This colleague did not ask for a reply."
NOT_POSTED = "This prompt has not been posted yet, so there is no thread to post the reply in."
KEPT = "The reply was kept. Only you and the EDI team can read it."
DECLINED = "The reply was declined. It will not be posted or exported."
EMPTY_ANSWER = "Your answer is empty, so nothing was sent."


def _note(requester: Requester, action: str, info: PromptInfo) -> AuditNote:
    details = {"prompt": info.id, "network": info.fields.network}
    return AuditNote(requester.person.actor, action, details)


def _prompt(
    prompts: Prompts, requester: Requester, prompt_id: str, action: str
) -> PromptInfo | Refusal:
    try:
        info = prompts.get(prompt_id)
    except UnknownPrompt as exc:
        why = RefusalReason.UNKNOWN_PROMPT
        return refuse(prompts, requester, action, str(exc), prompt_id, why=why)
    refused = check_network(prompts, requester, info.fields.network, action, prompt_id)
    return refused if refused is not None else info


def _reply(
    prompts: Prompts, requester: Requester, queue_id: str, action: str
) -> tuple[ReplyView, PromptInfo] | Refusal:
    try:
        reply = prompts.reply(queue_id)
    except UnknownReply as exc:
        return refuse(prompts, requester, action, str(exc), why=RefusalReason.UNKNOWN_REPLY)
    info = _prompt(prompts, requester, reply.prompt_id, action)
    return info if isinstance(info, Refusal) else (reply, info)


def _dealt_with(status: ReplyStatus) -> Refused:
    if status is ReplyStatus.WITHDRAWN:
        text = "The colleague withdrew this reply."
    else:
        text = f"This reply was already dealt with (it is {status})."
    return Refused(text, RefusalReason.ALREADY_DEALT_WITH)


def queue(prompts: Prompts, *, requester: Requester, prompt_id: str) -> ModerationQueue | Refusal:
    """The prompt's pending replies, decrypted for the chair; months only, no times.
    Replies still held back (see handlers.discussion.release) are not shown."""
    info = _prompt(prompts, requester, prompt_id, "view replies")
    if isinstance(info, Refusal):
        return info
    pending = prompts.replies(prompt_id, (ReplyStatus.PENDING,))
    prompts.audit(_note(requester, "replies viewed", info))
    items = tuple(QueuedReply(r.queue_id, r.month, r.text, r.has_handle) for r in pending)
    return ModerationQueue(info.id, info.fields.title, info.fields.reply_mode, items)


def approve(
    prompts: Prompts, *, requester: Requester, queue_id: str
) -> RelayInstruction | Notice | Refusal:
    """Relay mode: what to post in the prompt's threads. Private mode: kept for the chair
    and the EDI team."""
    found = _reply(prompts, requester, queue_id, "approve reply")
    if isinstance(found, Refusal):
        return found
    reply, info = found
    if reply.status is not ReplyStatus.PENDING:
        return _dealt_with(reply.status)
    relay = info.fields.reply_mode is ReplyMode.RELAY
    threads = tuple(prompts.latest_posts(info.id)) if relay else ()
    if relay and not threads:
        why = RefusalReason.NOT_POSTED_YET
        return refuse(prompts, requester, "approve reply", NOT_POSTED, info.id, why=why)
    note = _note(requester, "reply approved", info)
    pending, approved = (ReplyStatus.PENDING,), ReplyStatus.APPROVED
    if not prompts.transition(queue_id, allowed=pending, to=approved, note=note):
        return _dealt_with(prompts.reply(queue_id).status)
    if not relay:
        return Notice(KEPT)
    return RelayInstruction(info.id, queue_id, threads, RELAY_PREFIX + reply.text)


def decline(prompts: Prompts, *, requester: Requester, queue_id: str) -> Notice | Refusal:
    found = _reply(prompts, requester, queue_id, "decline reply")
    if isinstance(found, Refusal):
        return found
    reply, info = found
    note = _note(requester, "reply declined", info)
    if reply.status is not ReplyStatus.PENDING or not prompts.transition(
        queue_id, allowed=(ReplyStatus.PENDING,), to=ReplyStatus.DECLINED, note=note
    ):
        return _dealt_with(prompts.reply(queue_id).status)
    return Notice(DECLINED)


def chair_reply(
    prompts: Prompts, *, requester: Requester, queue_id: str, text: str
) -> DirectInstruction | Refusal:
    """The chair's answer, addressed through the sealed handle. The address is opened here
    and handed to the adapter to send; the chair only ever sees the confirmation."""
    answer = text.strip()
    if not answer:
        return Refused(EMPTY_ANSWER, RefusalReason.EMPTY_TEXT)
    if len(answer) > MAX_REPLY_CHARS:
        long = f"Your answer is {len(answer)} characters; keep it to {MAX_REPLY_CHARS}."
        return Refused(long, RefusalReason.TEXT_TOO_LONG)
    found = _reply(prompts, requester, queue_id, "answer reply")
    if isinstance(found, Refusal):
        return found
    reply, info = found
    if not reply.has_handle or reply.status is ReplyStatus.WITHDRAWN:
        return Refused(NO_REPLY_WANTED, RefusalReason.NO_REPLY_WANTED)
    address = prompts.open_handle(queue_id, note=_note(requester, "reply answered", info))
    if address is None:
        return Refused(NO_REPLY_WANTED, RefusalReason.NO_REPLY_WANTED)
    # The DM names the prompt, never quotes the reply: the platform keeps DM history.
    message = (
        f"The chair of the {info.fields.network} network answered your anonymous reply to "
        f"“{info.fields.title}”:\n\n{answer}"
    )
    return DirectInstruction(address=address, text=message)


def mark_relayed(prompts: Prompts, *, queue_id: str, reference: RelayReference) -> bool:
    """Record where the adapter posted an approved reply; False unless it was approved."""
    return prompts.mark_relayed(queue_id, reference)
