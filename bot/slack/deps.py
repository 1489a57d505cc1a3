"""What the Slack listeners need, built once per server: the store, the role resolver,
the report policy, and the neutral use cases they call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.roles import RoleResolver
from handlers import pulse
from handlers.backend import Backend
from handlers.discussion.ports import ChannelPort
from handlers.identity import Person
from handlers.messages import AlreadyTookPart, PulseFormReply, RoundNotOpen
from handlers.privacy import NoticeSettings
from handlers.reports import ReportPolicy
from storage.store import Store
from surveys.form import Form, pulse_form
from surveys.questions import Recall
from surveys.report_model import Report

StartReply = PulseFormReply | AlreadyTookPart | RoundNotOpen


def _start(store: Store, person: Person, round_id: str | None) -> StartReply:
    return pulse.start_pulse(store, person=person, round_id=round_id)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass
class SlackDeps:
    backend: Backend  # handed to the use cases, never opened here
    roles: RoleResolver
    report_policy: ReportPolicy
    # The latest released report for App Home; None until one has been published.
    latest_report: Callable[[], Report | None] = lambda: None
    # How the modal is read back: the ids and choices are the same for every recall.
    form: Form = field(default_factory=pulse_form)
    start: Callable[[Store, Person, str | None], StartReply] = _start
    now: Callable[[], datetime] = _now
    today: Callable[[], date] = _today
    # Seconds to wait for the form before opening a "getting ready" modal instead, so the
    # trigger_id (valid 3 s from the click) is never spent on slow work.
    form_budget: float = 1.0
    recall: Recall = Recall.TWELVE_MONTHS
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    # Big Conversation: the networks configured with chairs (an admin may pick any of
    # them, or one that already has prompts), and where approved replies are relayed.
    networks: tuple[str, ...] = ()
    channel_ports: Mapping[str, ChannelPort] = field(default_factory=dict)
    trust_name: str = ""  # heads the report files, as `[trust] name` does on the CLI
