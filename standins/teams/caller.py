"""Teams (through Bot Service) calling the app: Activity JSON posted to its /api/messages.

Each request carries a Bot Service-style JWT unless a test asks otherwise: "valid", "none"
(no Authorization header), "forged" (right claims, a stranger's key), "expired", or
"wrong-audience" (minted for another bot). Acting for a user opens that user's 1:1 chat
on the stand-in, so the app's replies have somewhere to go.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp

from standins.teams import activities
from standins.teams.activities import Scene
from standins.teams.state import State, Team
from standins.teams.tenant import User
from standins.teams.tokens import LocalIssuer

Auth = Literal["valid", "none", "forged", "expired", "wrong-audience"]
UNINSTALLED = ("BotNotInConversationRoster", "The bot isn't part of the conversation roster.")


@dataclass(frozen=True)
class AppResponse:
    """What the app answered, and the activity it was answering."""

    status: int
    text: str
    activity: dict[str, Any]
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class TeamsCaller:
    """Posts activities to the app as Teams would. Opened by `TeamsStandIn`."""

    def __init__(self, state: State, issuer: LocalIssuer, auth: Auth = "valid") -> None:
        self._state = state
        self._issuer = issuer
        self.auth: Auth = auth
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def scene(self, user: str | User) -> Scene:
        chat = self._state.personal_conversation(user)
        person = self._state.tenant.user(user)
        return Scene(self._state.tenant, person, chat.id, self._state.service_url)

    def bearer(self, auth: Auth) -> str | None:
        app_id, url = self._state.tenant.app_id, self._state.service_url
        tokens: dict[str, Callable[[], str] | None] = {
            "none": None,
            "valid": lambda: self._issuer.channel_token(app_id, url),
            "forged": lambda: self._issuer.channel_token(app_id, url, foreign_key=True),
            "expired": lambda: self._issuer.channel_token(app_id, url, issued_ago=7200),
            "wrong-audience": lambda: self._issuer.channel_token("another-bot", url),
        }
        make = tokens[auth]
        return None if make is None else make()

    async def post(
        self,
        app_url: str,
        activity: Mapping[str, Any],
        *,
        auth: Auth | None = None,
        token: str | None = None,
    ) -> AppResponse:
        """Send one activity; `token` overrides `auth` with an exact bearer token."""
        if self._session is None:
            raise RuntimeError("the stand-in is not running")
        bearer = token if token is not None else self.bearer(auth or self.auth)
        conversation = activity.get("conversation") or {}
        headers = {
            "x-ms-conversation-id": str(conversation.get("id", "")),
            "x-ms-tenant-id": str(conversation.get("tenantId", "")),
        }
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        async with self._session.post(app_url, json=dict(activity), headers=headers) as res:
            return AppResponse(res.status, await res.text(), dict(activity), dict(res.headers))

    async def send_message(
        self, app_url: str, user: str | User, text: str, *, auth: Auth | None = None
    ) -> AppResponse:
        scene = self.scene(user)
        return await self.post(app_url, activities.message(scene, self._id(), text), auth=auth)

    async def submit_card(
        self,
        app_url: str,
        user: str | User,
        data: dict[str, Any],
        *,
        card_activity_id: str | None = None,
        auth: Auth | None = None,
    ) -> AppResponse:
        """A click on an Action.Submit button (or a form's submit) in a card the bot sent."""
        submit = activities.card_submit(self.scene(user), self._id(), data, card_activity_id)
        return await self.post(app_url, submit, auth=auth)

    async def execute_action(
        self,
        app_url: str,
        user: str | User,
        verb: str,
        data: dict[str, Any] | None = None,
        *,
        card_activity_id: str | None = None,
        auth: Auth | None = None,
    ) -> AppResponse:
        """A click on an Action.Execute button; the app's answer is the invoke response."""
        scene = self.scene(user)
        invoke = activities.card_execute(scene, self._id(), verb, data or {}, card_activity_id)
        return await self.post(app_url, invoke, auth=auth)

    async def task(
        self,
        app_url: str,
        user: str | User,
        name: str,
        data: dict[str, Any],
        *,
        channel_id: str | None = None,
        root: str | None = None,
        auth: Auth | None = None,
    ) -> AppResponse:
        """A dialog's "task/fetch" or "task/submit", from the user's 1:1 chat or from the
        channel post `root`; the dialog is the invoke response's body."""
        scene = (
            self.scene(user) if channel_id is None else self.channel_scene(user, channel_id, root)
        )
        invoke = activities.task_invoke(scene, self._id(), name, data)
        return await self.post(app_url, invoke, auth=auth)

    async def install(
        self, app_url: str, user: str | User, *, auth: Auth | None = None
    ) -> list[AppResponse]:
        """The user adds the app: installationUpdate "add", then conversationUpdate."""
        scene = self.scene(user)
        self._state.conversations[scene.conversation_id].blocked = None
        added = activities.installation_update(scene, self._id(), "add")
        members = activities.members_added(scene, self._id())
        return [
            await self.post(app_url, added, auth=auth),
            await self.post(app_url, members, auth=auth),
        ]

    async def uninstall(
        self, app_url: str, user: str | User, *, auth: Auth | None = None
    ) -> AppResponse:
        """The user removes the app; from then on the chat refuses the bot's messages."""
        scene = self.scene(user)
        self._state.conversations[scene.conversation_id].blocked = UNINSTALLED
        update = activities.installation_update(scene, self._id(), "remove")
        return await self.post(app_url, update, auth=auth)

    # team channels

    def channel_scene(self, user: str | User, channel_id: str, root: str | None = None) -> Scene:
        """`user` acting in a channel; in the thread of post `root` when given (Teams then
        puts ";messageid=<root>" in the conversation id)."""
        channel = self._state.conversations[channel_id]
        team = self._state.teams[str(channel.team_id)]
        cid = f"{channel_id};messageid={root}" if root else channel_id
        person = self._state.tenant.user(user)
        url = self._state.service_url
        return Scene(self._state.tenant, person, cid, url, (team.id, team.name), channel_id)

    async def add_to_team(self, app_url: str, user: str | User, team: Team) -> AppResponse:
        """`user` adds the app to `team`: a conversationUpdate in its General channel."""
        team.bot_installed = True
        for cid in team.channels:
            self._state.conversations[cid].blocked = None
        scene = self.channel_scene(user, team.id)
        bot = {"id": self._state.tenant.bot_id}
        update = activities.team_update(scene, self._id(), "teamMemberAdded", membersAdded=[bot])
        return await self.post(app_url, update)

    async def remove_from_team(self, app_url: str, user: str | User, team: Team) -> AppResponse:
        team.bot_installed = False
        for cid in team.channels:
            self._state.conversations[cid].blocked = UNINSTALLED
        scene = self.channel_scene(user, team.id)
        bot = {"id": self._state.tenant.bot_id}
        update = activities.team_update(
            scene, self._id(), "teamMemberRemoved", membersRemoved=[bot]
        )
        return await self.post(app_url, update)

    async def create_channel(
        self, app_url: str, user: str | User, team: Team, name: str
    ) -> tuple[str, AppResponse | None]:
        """A new channel in `team`; the app hears of it only if it is in the team."""
        channel = self._state.add_channel(team, name)
        if not team.bot_installed:
            return channel.id, None
        scene = self.channel_scene(user, team.id)
        said = {"id": channel.id, "name": name}
        update = activities.team_update(scene, self._id(), "channelCreated", channel=said)
        return channel.id, await self.post(app_url, update)

    async def submit_card_in_channel(
        self, app_url: str, user: str | User, channel_id: str, data: dict[str, Any], root: str
    ) -> AppResponse:
        """A click on an Action.Submit in the channel post `root`."""
        scene = self.channel_scene(user, channel_id, root)
        submit = activities.card_submit(scene, self._id(), data, root)
        return await self.post(app_url, submit)

    def _id(self) -> str:
        return self._state.next_activity_id()
