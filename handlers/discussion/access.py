"""Who may act on a network's prompts (its chairs, and admins for every network), and
how the Big Conversation refuses: with the words a person is shown and an enum reason
adapters tell refusals apart by."""

from __future__ import annotations

from dataclasses import dataclass

from discussion.refusals import RefusalReason
from handlers.identity import Requester, Role
from handlers.messages import Refusal
from storage.prompt_store import AuditNote, Prompts

NOT_A_CHAIR = (
    "Only network chairs and Big Conversation admins can manage prompts. If you chair a "
    "staff network, ask an admin to add you as its chair."
)


@dataclass(frozen=True, slots=True)
class Refused(Refusal):
    """A Big Conversation refusal: `text` for the person, `reason` for the adapter."""

    reason: RefusalReason = RefusalReason.OTHER


def may_act_for(requester: Requester, network: str) -> bool:
    if Role.ADMIN in requester.roles:
        return True
    return Role.NETWORK_CHAIR in requester.roles and network in requester.networks


def networks_of(requester: Requester) -> frozenset[str] | None:
    """The networks whose prompts the person manages; None means all of them (admin)."""
    if Role.ADMIN in requester.roles:
        return None
    if Role.NETWORK_CHAIR in requester.roles:
        return requester.networks
    return frozenset()


def other_network(network: str) -> str:
    return (
        f"You can only act for your own network, and you are not a chair of the "
        f"“{network}” network. Ask one of its chairs or an admin."
    )


def refuse(
    prompts: Prompts,
    requester: Requester,
    action: str,
    reason: str,
    prompt_id: str | None = None,
    *,
    why: RefusalReason = RefusalReason.OTHER,
) -> Refused:
    """A refusal, audited with the reason the person was given."""
    details: dict[str, object] = {"reason": reason}
    if prompt_id is not None:
        details["prompt"] = prompt_id
    prompts.audit(AuditNote(requester.person.actor, f"{action} refused", details))
    return Refused(reason, why)


def check_network(
    prompts: Prompts,
    requester: Requester,
    network: str,
    action: str,
    prompt_id: str | None = None,
) -> Refused | None:
    """A refusal (audited) unless `requester` may act for `network`."""
    if may_act_for(requester, network):
        return None
    if networks_of(requester) == frozenset():
        return refuse(
            prompts, requester, action, NOT_A_CHAIR, prompt_id, why=RefusalReason.NOT_A_CHAIR
        )
    text = other_network(network)
    return refuse(prompts, requester, action, text, prompt_id, why=RefusalReason.OTHER_NETWORK)
