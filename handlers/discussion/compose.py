"""Composing a prompt: the draft, its checks in plain English, and saving it.

A chair composes for their own network only; admins for any. Nothing is stored unless
every check passes, and every save or refusal is audited.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from discussion.model import ChannelRef, PromptFields
from handlers.discussion.access import check_network
from handlers.discussion.cards import InvalidDraft, Problem, PromptSaved, ReplyMode
from handlers.discussion.schedule import (
    LAST_MONTHLY_DAY,
    LONDON,
    PostAt,
    PostMonthly,
    When,
    as_utc,
    first_post_at,
    local_text,
    zone,
)
from handlers.identity import Requester
from handlers.messages import Refusal
from storage.prompt_store import AuditNote, Prompts

MAX_TITLE, MAX_BODY, MAX_QUESTION, MAX_QUESTIONS = 150, 3000, 300, 5
MAX_URL, MAX_ALT = 2000, 500


@dataclass(frozen=True, slots=True)
class PromptDraft:
    title: str
    body: str
    channels: tuple[ChannelRef, ...]
    when: When
    reply_mode: ReplyMode
    network: str
    questions: tuple[str, ...] = ()
    image_url: str | None = None
    image_alt: str | None = None

    @property
    def asked(self) -> tuple[str, ...]:
        """The questions actually filled in (a form has empty boxes too)."""
        return tuple(q.strip() for q in self.questions if q.strip())


def _too_long(what: str, text: str, limit: int) -> str:
    return f"{what} is {len(text)} characters long; keep it to {limit} or fewer."


def _text_problems(draft: PromptDraft) -> list[Problem]:
    found = []
    if not draft.network.strip():
        found.append(Problem("network", "Say which staff network this prompt is for."))
    if not draft.title.strip():
        found.append(Problem("title", "Give the prompt a title."))
    elif len(draft.title.strip()) > MAX_TITLE:
        found.append(Problem("title", _too_long("The title", draft.title.strip(), MAX_TITLE)))
    if not draft.body.strip():
        found.append(Problem("body", "Write the text of the prompt."))
    elif len(draft.body.strip()) > MAX_BODY:
        found.append(Problem("body", _too_long("The text", draft.body.strip(), MAX_BODY)))
    asked = draft.asked
    if len(asked) > MAX_QUESTIONS:
        found.append(
            Problem(
                "questions",
                f"A prompt can have up to {MAX_QUESTIONS} discussion questions; this one has "
                f"{len(asked)}. Remove {len(asked) - MAX_QUESTIONS}.",
            )
        )
    for number, question in enumerate(asked, start=1):
        if len(question) > MAX_QUESTION:
            text = _too_long(f"Question {number}", question, MAX_QUESTION)
            found.append(Problem(f"question_{number}", text))
    return found


def _image_problems(draft: PromptDraft) -> list[Problem]:
    url = (draft.image_url or "").strip()
    if not url:
        return []
    found = []
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        text = "The image link must be a web address starting with http:// or https://."
        found.append(Problem("image_url", text))
    elif len(url) > MAX_URL:
        found.append(Problem("image_url", _too_long("The image link", url, MAX_URL)))
    alt = (draft.image_alt or "").strip()
    if not alt:
        text = "Describe the image in a few words (alt text) for colleagues using a screen reader."
        found.append(Problem("image_alt", text))
    elif len(alt) > MAX_ALT:
        found.append(Problem("image_alt", _too_long("The image description", alt, MAX_ALT)))
    return found


def _channel_problems(
    draft: PromptDraft, bot_channels: Collection[ChannelRef] | None
) -> list[Problem]:
    if not draft.channels:
        return [Problem("channels", "Choose at least one channel to post the prompt in.")]
    if bot_channels is None:
        return []
    return [
        Problem(
            "channels",
            f"The bot is not in the channel {c.channel}. Add the bot to that channel first, "
            "or choose another one.",
        )
        for c in draft.channels
        if c not in bot_channels
    ]


def _when_problems(when: When, now: datetime) -> list[Problem]:
    if isinstance(when, PostAt) and as_utc(when.at) <= now:
        moment = local_text(as_utc(when.at))
        return [Problem("when", f"{moment} has already passed. Choose a time in the future.")]
    if isinstance(when, PostMonthly):
        if zone(when.timezone) is None:
            return [Problem("when", f"“{when.timezone}” is not a time zone we know.")]
        if not 1 <= when.day <= LAST_MONTHLY_DAY:
            text = (
                f"Choose a day between 1 and {LAST_MONTHLY_DAY} for a monthly prompt, so it "
                "falls in every month."
            )
            return [Problem("when", text)]
    return []


def validate_draft(
    draft: PromptDraft, *, now: datetime, bot_channels: Collection[ChannelRef] | None = None
) -> list[Problem]:
    """Everything wrong with the draft, each in plain English; empty when it can be saved.
    `bot_channels`, when the adapter knows it, is where the bot can post."""
    return [
        *_text_problems(draft),
        *_image_problems(draft),
        *_channel_problems(draft, bot_channels),
        *_when_problems(draft.when, now),
    ]


def fields_of(draft: PromptDraft, *, now: datetime) -> PromptFields:
    """The stored form of a valid draft (text trimmed, times in UTC)."""
    when = draft.when
    monthly = when if isinstance(when, PostMonthly) else None
    url = (draft.image_url or "").strip() or None
    alt = (draft.image_alt or "").strip() or None
    return PromptFields(
        network=draft.network.strip(),
        title=draft.title.strip(),
        body=draft.body.strip(),
        questions=draft.asked,
        image_url=url,
        image_alt=alt if url else None,
        channels=tuple(dict.fromkeys(draft.channels)),
        schedule="at" if isinstance(when, PostAt) else "monthly" if monthly else "now",
        at=as_utc(when.at) if isinstance(when, PostAt) else None,
        monthly_day=monthly.day if monthly else None,
        monthly_time=f"{monthly.at:%H:%M}" if monthly else None,
        timezone=monthly.timezone if monthly else LONDON,
        reply_mode=draft.reply_mode,
        next_post_at=first_post_at(when, now=now),
    )


def saved_text(fields: PromptFields) -> str:
    if fields.next_post_at is None:
        return f"“{fields.title}” was saved."
    if fields.schedule == "now":
        return f"“{fields.title}” will be posted in a moment."
    return f"“{fields.title}” will be posted on {local_text(fields.next_post_at, fields.timezone)}."


def compose_prompt(
    prompts: Prompts,
    *,
    requester: Requester,
    draft: PromptDraft,
    now: datetime,
    bot_channels: Collection[ChannelRef] | None = None,
) -> PromptSaved | InvalidDraft | Refusal:
    """Check and schedule a new prompt for the draft's network."""
    refused = check_network(prompts, requester, draft.network.strip(), "compose prompt")
    if refused is not None:
        return refused
    problems = validate_draft(draft, now=now, bot_channels=bot_channels)
    if problems:
        return InvalidDraft(tuple(problems))
    fields = fields_of(draft, now=now)
    note = AuditNote(requester.person.actor, "prompt composed", {"network": fields.network})
    info = prompts.create(fields, created_by=requester.person.actor, now=now, note=note)
    return PromptSaved(info.id, fields.next_post_at, saved_text(fields))
