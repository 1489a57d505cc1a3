"""The Bot Connector's conversation operations, on the stand-in's state.

Each takes (state, conversation id, JSON body, path parameters) and answers
(status, JSON body, headers), raising `ConnectorError` for Teams' documented refusals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standins.teams.faults import error_body
from standins.teams.state import Conversation, State, split_thread

Answer = tuple[int, Any, Mapping[str, str] | None]


class ConnectorError(Exception):
    """A refusal with Teams' status, error code and message."""

    def __init__(
        self,
        status: int,
        code: str = "",
        message: str = "",
        headers: Mapping[str, str] | None = None,
        *,
        body: Any = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.body = body if body is not None else error_body(code, message)
        self.headers = headers


def conversation(state: State, conversation_id: str) -> Conversation:
    """The conversation, also when addressed as one of its channel threads."""
    found = state.conversations.get(split_thread(conversation_id)[0])
    if found is None:
        raise ConnectorError(404, "ConversationNotFound", "Conversation not found.")
    return found


def create(state: State, _cid: str | None, body: Any, _path: Mapping[str, str]) -> Answer:
    """POST /v3/conversations: Teams only creates (or finds) the 1:1 chat with one member."""
    if not isinstance(body, dict):
        raise ConnectorError(400, "BadArgument", "ConversationParameters are required.")
    members = body.get("members") or []
    if body.get("isGroup") or len(members) != 1:
        raise ConnectorError(400, "BadArgument", "Only one-on-one conversations can be created.")
    tenant_id = body.get("tenantId") or ((body.get("channelData") or {}).get("tenant") or {}).get(
        "id"
    )
    if tenant_id and tenant_id != state.tenant.id:
        raise ConnectorError(403, "ForbiddenOperationException", "Tenant mismatch.")
    try:
        chat = state.personal_conversation(str(members[0].get("id", "")))
    except KeyError as exc:
        raise ConnectorError(
            403, "ForbiddenOperationException", "Bot isn't installed in user's personal scope"
        ) from exc
    answer: dict[str, Any] = {"id": chat.id}
    if isinstance(body.get("activity"), dict):  # an opening message goes out with the create
        answer["activityId"] = state.post(chat, body["activity"], None).id
    return 201, answer, None


def _thread_root(state: State, chat: Conversation, root: str) -> str:
    """A channel thread is addressed "<channel>;messageid=<root post>": the root must be
    a top-level post of that channel (Teams has no threads in personal chats)."""
    if chat.conversation_type != "channel":
        raise ConnectorError(400, "BadArgument", "Threads exist only in channels.")
    posted = state.find(chat.id, root)
    if posted is None or posted.deleted or posted.reply_to_id is not None:
        raise ConnectorError(404, "ActivityNotFoundInConversation", "Root message not found.")
    return root


def send(state: State, cid: str | None, body: Any, path: Mapping[str, str]) -> Answer:
    """POST .../activities (send) and .../activities/{id} (reply); in a channel, a send to
    "<channel>;messageid=<root>" is a reply in that post's thread."""
    chat = conversation(state, str(cid))
    if not isinstance(body, dict) or not body.get("type"):
        raise ConnectorError(400, "BadArgument", "Activity type is required.")
    root = split_thread(str(cid))[1]
    reply_to = _thread_root(state, chat, root) if root else path.get("aid")
    posted = state.post(chat, body, reply_to)
    return 201, {"id": posted.id}, None


def team_channels(state: State, _cid: str | None, _body: Any, path: Mapping[str, str]) -> Answer:
    """GET /v3/teams/{team}/conversations: the team's channels (General has no name)."""
    team = state.teams.get(path["team"])
    if team is None or not team.bot_installed:
        raise ConnectorError(403, "BotNotInConversationRoster", "The bot isn't in this team.")
    listed = []
    for cid in team.channels:
        channel = state.conversations[cid]
        listed.append({"id": cid, **({"name": channel.name} if channel.name else {})})
    return 200, {"conversations": listed}, None


def update(state: State, cid: str | None, body: Any, path: Mapping[str, str]) -> Answer:
    """PUT .../activities/{id}: the new version replaces the old, which joins `history`."""
    conversation(state, str(cid))
    posted = state.find(str(cid), path["aid"])
    if posted is None or posted.deleted:
        raise ConnectorError(404, "ActivityNotFoundInConversation", "Conversation not found.")
    if not isinstance(body, dict) or not body.get("type"):
        raise ConnectorError(400, "BadArgument", "Activity type is required.")
    posted.history.append(posted.activity)
    posted.activity = {**body, "id": posted.id}
    return 200, {"id": posted.id}, None


def delete(state: State, cid: str | None, _body: Any, path: Mapping[str, str]) -> Answer:
    conversation(state, str(cid))
    posted = state.find(str(cid), path["aid"])
    if posted is None or posted.deleted:
        raise ConnectorError(404, "ActivityNotFoundInConversation", "Conversation not found.")
    posted.deleted = True
    return 200, None, None


def _members(state: State, cid: str | None) -> list[dict[str, Any]]:
    chat = conversation(state, str(cid))
    return [state.tenant.user(m).member(state.tenant.id) for m in chat.members]


def members(state: State, cid: str | None, _body: Any, _path: Mapping[str, str]) -> Answer:
    return 200, _members(state, cid), None


def paged_members(state: State, cid: str | None, _body: Any, _path: Mapping[str, str]) -> Answer:
    return 200, {"members": _members(state, cid)}, None


def member(state: State, cid: str | None, _body: Any, path: Mapping[str, str]) -> Answer:
    for found in _members(state, cid):
        if path["mid"] in (found["id"], found["aadObjectId"]):
            return 200, found, None
    raise ConnectorError(404, "MemberNotFoundInConversation", "Member not found.")
