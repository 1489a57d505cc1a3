"""A local stand-in for Teams' Bot Connector service and Bot Service's token issuer.

    async with TeamsStandIn() as teams:
        reply = await teams.caller.send_message(app_url, "29:1standin-user-0001", "hi")
        assert teams.messages_to("29:1standin-user-0001")[0].text == "echo: hi"

Activities the caller posts carry `serviceUrl` = `teams.service_url`, so an Agents SDK app
answers here. Runs on 127.0.0.1 on an ephemeral port; everything received is kept.
"""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import Any

from aiohttp import web

from standins.clock import Clock, system_clock
from standins.teams.caller import Auth, TeamsCaller
from standins.teams.faults import BLOCK_MESSAGES, Fault, Storm
from standins.teams.rate_limits import RateLimits
from standins.teams.routes import ConnectorApi, build_app
from standins.teams.state import Call, Conversation, Posted, State, Team
from standins.teams.tenant import Tenant, User
from standins.teams.tokens import LocalIssuer

CLIENT_SECRET = "standin-client-secret"


class TeamsStandIn:
    """The fake Teams for one test or one `bigconv demo --platform teams` run."""

    def __init__(
        self,
        *,
        tenant: Tenant | None = None,
        limits: RateLimits | None = None,
        clock: Clock = system_clock,
        require_auth: bool = False,
        client_secret: str = CLIENT_SECRET,
        caller_auth: Auth = "valid",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """`require_auth`: refuse Connector calls without a token from `token_url` (as Teams
        does); off by default because an SDK app in anonymous mode sends none."""
        self.state = State(tenant or Tenant.sample(), clock)
        self.issuer = LocalIssuer()
        self.client_secret = client_secret
        secrets = {self.state.tenant.app_id: client_secret}
        self._api = ConnectorApi(
            self.state,
            self.issuer,
            limits or RateLimits(),
            clock,
            require_auth=require_auth,
            secrets=secrets,
        )
        self.caller = TeamsCaller(self.state, self.issuer, caller_auth)
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None

    # lifecycle

    async def start(self) -> None:
        self._runner = web.AppRunner(build_app(self._api), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        host, port = self._runner.addresses[0][:2]
        self.state.origin = f"http://{host}:{port}"
        await self.caller.open()

    async def stop(self) -> None:
        await self.caller.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TeamsStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # where things are

    @property
    def tenant(self) -> Tenant:
        return self.state.tenant

    @property
    def app_id(self) -> str:
        return self.state.tenant.app_id

    @property
    def service_url(self) -> str:
        """The serviceUrl in every activity the caller sends; ends in "/teams/"."""
        return self.state.service_url

    @property
    def openid_configuration_url(self) -> str:
        return f"{self._origin()}/v1/.well-known/openidconfiguration"

    @property
    def jwks_url(self) -> str:
        return f"{self._origin()}/v1/.well-known/keys"

    @property
    def token_url(self) -> str:
        """Entra's client-credentials endpoint, for the tenant the bot is registered in."""
        return f"{self._origin()}/{self.state.tenant.id}/oauth2/v2.0/token"

    def _origin(self) -> str:
        if not self.state.origin:
            raise RuntimeError("start the stand-in first")
        return self.state.origin

    def conversation_id(self, user: str | User) -> str:
        """The bot's 1:1 chat with `user` (opened now if need be)."""
        return self.state.personal_conversation(user).id

    def conversation_reference(self, user: str | User) -> dict[str, Any]:
        """A ConversationReference as a bot would have stored it from an earlier turn."""
        person = self.tenant.user(user)
        return {
            "user": person.channel_account(),
            "agent": self.tenant.bot_account(),
            "conversation": {
                "id": self.conversation_id(person),
                "conversationType": "personal",
                "tenantId": self.tenant.id,
            },
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "locale": "en-GB",
        }

    def add_team(self, name: str) -> Team:
        """A team (with its General channel) whose members are every user of the tenant;
        the app is not in it until `caller.add_to_team`."""
        return self.state.add_team(name)

    # what was received

    def channel_posts(self, channel_id: str) -> list[Posted]:
        """Top-level messages now showing in a channel (not thread replies)."""
        return [
            p
            for p in self.activities(channel_id)
            if p.type == "message" and not p.deleted and p.reply_to_id is None
        ]

    def thread(self, channel_id: str, root_id: str) -> list[Posted]:
        """The replies now showing in the thread under a channel post."""
        return self.state.conversations[channel_id].thread(root_id)

    def calls(self, route: str | None = None) -> list[Call]:
        """Requests received; `route` is "create", "send", "reply", "update", "delete",
        "members", "member" or "token"."""
        return [c for c in self.state.calls if route is None or c.route == route]

    def activities(self, conversation_id: str | None = None) -> list[Posted]:
        """Everything the bot sent (typing included), oldest first, deleted ones too."""
        sent = sorted(self.state.sent(), key=lambda p: int(p.id))
        return [p for p in sent if conversation_id in (None, p.conversation_id)]

    def messages_to(self, user_or_conversation: str | User) -> list[Posted]:
        """Messages now showing in a 1:1 chat, named by user or conversation id."""
        ref = user_or_conversation
        cid = ref if isinstance(ref, str) and ref in self.state.conversations else None
        cid = cid or self.conversation_id(ref)
        return [p for p in self.activities(cid) if p.type == "message" and not p.deleted]

    def delivered_keys(self) -> Counter[str]:
        """How many activities carried each delivery idempotency key (want: all 1)."""
        return self.state.delivered_keys()

    def duplicate_messages(self) -> int:
        return self.state.duplicate_messages()

    # faults

    def inject(
        self,
        route: str = "*",
        *,
        status: int = 200,
        code: str | None = None,
        message: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        disconnect: bool = False,
        conversation: str | None = None,
    ) -> Fault:
        """Fail the next `times` requests to `route` ("*": any), in `conversation` if given.

        `status` 429 adds Retry-After; other statuses answer with Teams' error body for that
        status (override with `code`/`message`); `delay` slows the answer; `disconnect`
        drops the connection with no answer at all.
        """
        fault = Fault(route, status, code, message, retry_after, delay, disconnect, times)
        fault.conversation = conversation
        return self._api.faults.add(fault)

    def storm(
        self, *, every: int, duration: float, retry_after: int = 1, routes: tuple[str, ...] = ()
    ) -> Storm:
        """For `duration` seconds, refuse every `every`-th request (to `routes`) with 429."""
        return self._api.faults.storm(
            every=every, duration=duration, retry_after=retry_after, routes=frozenset(routes)
        )

    def clear_faults(self) -> None:
        self._api.faults.clear()

    def block(
        self, user_or_conversation: str | User, code: str = "ConversationBlockedByUser"
    ) -> None:
        """Refuse every write to this chat with 403 `code` until `unblock` (or a reinstall)."""
        if code not in BLOCK_MESSAGES:
            raise ValueError(f"not a Teams block code: {code}; one of {sorted(BLOCK_MESSAGES)}")
        self._chat(user_or_conversation).blocked = (code, BLOCK_MESSAGES[code])

    def unblock(self, user_or_conversation: str | User) -> None:
        self._chat(user_or_conversation).blocked = None

    def _chat(self, ref: str | User) -> Conversation:
        if isinstance(ref, str) and ref in self.state.conversations:
            return self.state.conversations[ref]
        return self.state.personal_conversation(ref)
