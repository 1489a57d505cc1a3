"""What anyone does with a posted prompt, one use case each: open the anonymous reply
form, send a reply, withdraw it with its code. Nothing here learns who they are unless
they asked the chair to be able to answer them (handlers.discussion.replies)."""

from __future__ import annotations

from datetime import datetime

from handlers.backend import Backend
from handlers.discussion.cards import ReplyAccepted, ReplyForm
from handlers.discussion.replies import reply_form, submit_reply, withdraw_reply
from handlers.identity import Person
from handlers.messages import Notice, Refusal


async def open_reply_form(backend: Backend, *, prompt_id: str) -> ReplyForm | Refusal:
    return await backend.calls(reply_form, backend.store.prompts, prompt_id=prompt_id)


async def send_reply(
    backend: Backend,
    *,
    prompt_id: str,
    text: str,
    allow_chair_reply: bool,
    author: Person | None,
    now: datetime,
) -> ReplyAccepted | Refusal:
    return await backend.calls(
        submit_reply, backend.store.prompts, prompt_id=prompt_id, text=text,
        allow_chair_reply=allow_chair_reply, author=author, now=now,
    )  # fmt: skip


async def withdraw(backend: Backend, *, code: str) -> Notice | Refusal:
    return await backend.calls(withdraw_reply, backend.store.prompts, withdraw_code=code)
