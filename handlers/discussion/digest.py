"""The weekly digest per prompt for its chairs: how many replies, approved and pending.

Counts only, no text; withdrawn replies are not counted (they were erased).
"""

from __future__ import annotations

from discussion.model import PromptInfo, ReplyStatus
from discussion.refusals import RefusalReason
from handlers.discussion.access import NOT_A_CHAIR, networks_of, refuse
from handlers.discussion.cards import Digest, ReplyMode
from handlers.identity import Requester
from handlers.messages import Refusal
from storage.prompt_store import Prompts


def digest_of(prompts: Prompts, info: PromptInfo) -> Digest:
    counts = prompts.counts(info.id)
    approved = counts.get(ReplyStatus.APPROVED, 0) + counts.get(ReplyStatus.RELAYED, 0)
    pending = counts.get(ReplyStatus.PENDING, 0)
    declined = counts.get(ReplyStatus.DECLINED, 0)
    return Digest(
        prompt_id=info.id,
        network=info.fields.network,
        title=info.fields.title,
        replies=approved + pending + declined,
        approved=approved,
        pending=pending,
        declined=declined,
    )


def weekly_digests(prompts: Prompts, *, network: str | None = None) -> tuple[Digest, ...]:
    """For the scheduler: a digest for every prompt that takes replies and has some."""
    infos = prompts.list_prompts(networks=None if network is None else (network,))
    found = (digest_of(prompts, info) for info in infos if info.fields.reply_mode != ReplyMode.OPEN)
    return tuple(d for d in found if d.replies)


def digests(prompts: Prompts, *, requester: Requester) -> tuple[Digest, ...] | Refusal:
    """The digests a person may see on request: their networks' (an admin's: all)."""
    networks = networks_of(requester)
    if networks == frozenset():
        return refuse(prompts, requester, "view digest", NOT_A_CHAIR, why=RefusalReason.NOT_A_CHAIR)
    infos = prompts.list_prompts(networks=networks)
    return tuple(
        digest_of(prompts, info) for info in infos if info.fields.reply_mode != ReplyMode.OPEN
    )
