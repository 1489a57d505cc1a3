"""Two drivers with one face for the discussion contract: Slack over signed HTTP (the
Slack stand-in's caller) and Teams over Activity JSON (the Teams stand-in's caller).
Each drives its platform the way people do and reads back what they would see; the
contract tests then assert the same neutral outcomes on both."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from discussion import RelayReference, ReplyStatus
from storage.repositories.audit import list_entries
from storage.store import Store
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.discussion import conftest as slack
from tests.teams.discussion import conftest as teams
from tests.teams.discussion.test_prompt_flow import reply as teams_reply

Who = str  # "chair" (of the prompt's network), "other chair", "staff"


class Injected(Protocol):
    """A stand-in's armed fault: how often it has answered in place of the platform."""

    used: int


class Driver(Protocol):
    platform: str
    store: Store

    async def compose_and_post(self) -> str: ...

    async def reply(self, text: str) -> None: ...

    def fail_thread_posts(self, times: int) -> Injected: ...

    async def approve_first(self) -> str: ...

    def thread_texts(self) -> list[str]: ...

    async def send_digests(self) -> int: ...

    def digest_texts(self) -> list[str]: ...

    async def say(self, who: Who, command: str) -> str: ...

    def compose_forms_shown(self) -> int: ...


def audit_actions(store: Store) -> list[str]:
    with store.db.session() as session:
        return [e.action for e in list_entries(session)]


def audit_details(store: Store, action: str) -> list[dict[str, object]]:
    with store.db.session() as session:
        return [json.loads(e.details) for e in list_entries(session) if e.action == action]


def relayed_to(store: Store) -> RelayReference:
    [info] = store.prompts.list_prompts()
    [dealt_with] = store.prompts.replies(info.id, (ReplyStatus.APPROVED, ReplyStatus.RELAYED))
    return store.prompts.relayed_to(dealt_with.queue_id)


@dataclass
class SlackDriver:
    h: Harness
    platform: str = "slack"

    @property
    def store(self) -> Store:
        return self.h.store

    def _post(self) -> slack.Message:
        return slack.prompt_posts(self.h)[0]

    async def compose_and_post(self) -> str:
        await slack.compose(self.h)
        assert (await slack.post_due(self.h, datetime.now(UTC))).posted == 1
        return slack.only_prompt_id(self.h)

    async def reply(self, text: str) -> None:
        await slack.reply(self.h, self._post(), text)

    def fail_thread_posts(self, times: int) -> Injected:
        where = {"thread_ts": self._post().ts}
        return self.h.slack.inject("chat.postMessage", status=503, times=times, where=where)

    async def approve_first(self) -> str:
        opened = len(self.h.slack.views_opened)
        await slack.command(self.h, slack.CHAIR, f"queue {slack.only_prompt_id(self.h)}")
        queue = await slack.opened(self.h, opened + 1)
        approve = slack.buttons(queue.view, slack.ActionId.APPROVE)[0]
        before = slack.text_of(queue.view)
        await self.h.slack.caller.click_button(
            self.h.url,
            user=slack.CHAIR,
            action_id=slack.ActionId.APPROVE,
            value=approve["value"],
            view=queue,
        )
        await eventually(lambda: slack.text_of(queue.view) != before)
        return slack.text_of(queue.view)

    def thread_texts(self) -> list[str]:
        return [m.text for m in slack.thread_replies(self.h, self._post())]

    async def send_digests(self) -> int:
        return await self.h.runtime.send_digests()

    def digest_texts(self) -> list[str]:
        return [m.text for m in self.h.slack.messages_to(slack.CHAIR)]

    async def say(self, who: Who, command: str) -> str:
        user = {"chair": slack.CHAIR, "other chair": slack.OTHER_CHAIR, "staff": STAFF_USER}[who]
        answers = len(self.h.slack.responses)
        await slack.command(self.h, user, command)
        return await slack.said(self.h, answers + 1)

    def compose_forms_shown(self) -> int:
        return sum(
            v.view.get("callback_id") == slack.CallbackId.COMPOSE for v in self.h.slack.views_opened
        )


@dataclass
class TeamsDriver:
    c: teams.Conv
    platform: str = "teams"
    USERS = {"chair": 2, "other chair": 3, "staff": 4}

    @property
    def store(self) -> Store:
        return self.c.h.store

    def _root(self) -> teams.Posted:
        return self.c.h.teams.channel_posts(self.c.nursing)[0]

    async def compose_and_post(self) -> str:
        await self.c.compose()
        assert (await self.c.post_due(self.c.now)).posted == 1
        return teams.prompt_id_of(teams.checked(self._root()))

    async def reply(self, text: str) -> None:
        await teams_reply(self.c, 4, teams.checked(self._root()), text)

    def fail_thread_posts(self, times: int) -> Injected:
        thread = f"{self.c.nursing};messageid={self._root().id}"
        return self.c.h.teams.inject("send", status=503, times=times, conversation=thread)

    async def approve_first(self) -> str:
        pid = teams.prompt_id_of(teams.checked(self._root()))
        queue = await self.c.say(2, f"bigconversation queue {pid}")
        approve = teams.submit_data(queue, "Approve and post in the thread")
        return str(await self.c.click(2, self.c.last(2), approve))

    def thread_texts(self) -> list[str]:
        return [str(p.text) for p in self.c.h.teams.thread(self.c.nursing, self._root().id)]

    async def send_digests(self) -> int:
        return await self.c.h.runtime.send_digests()

    def digest_texts(self) -> list[str]:
        sent = self.c.h.teams.messages_to(self.c.h.user(2))
        return [str(p.activity.get("text")) for p in sent if p.activity.get("text")]

    async def say(self, who: Who, command: str) -> str:
        return str(await self.c.say(self.USERS[who], f"bigconversation {command}"))

    def compose_forms_shown(self) -> int:
        sent = self.c.h.teams.messages_to(self.c.h.user(2))
        cards = [teams.card_of(p) for p in sent if p.activity.get("attachments")]
        return sum(teams.card_id(card) == teams.ConvCard.COMPOSE for card in cards)
