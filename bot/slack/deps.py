"""What the Slack listeners need, built once per server: the backend handed to the use
cases, the role resolver, the report policy and the settings the replies depend on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.roles import RoleResolver
from handlers import pulse_chat
from handlers.backend import Backend
from handlers.discussion.ports import ChannelPort
from handlers.identity import Person, Requester
from handlers.privacy import NoticeSettings
from handlers.report_pulls import ReportAsk
from handlers.reports import ReportPolicy
from handlers.round_admin import RoundCalendar
from handlers.wall_clock import now_to_the_second, today_utc
from surveys.form import Form, pulse_form
from surveys.questions import Recall

StartReply = pulse_chat.StartReply
StartPulse = Callable[[Backend, Person, str | None], Awaitable[StartReply]]


@dataclass
class SlackDeps:
    backend: Backend  # handed to the use cases, never opened here
    roles: RoleResolver
    report_policy: ReportPolicy
    # How the modal is read back: the ids and choices are the same for every recall.
    form: Form = field(default_factory=pulse_form)
    start: StartPulse = pulse_chat.start  # a seam: tests slow it down
    now: Callable[[], datetime] = now_to_the_second
    today: Callable[[], date] = today_utc
    # Seconds to wait for the form before opening a "getting ready" modal instead, so the
    # trigger_id (valid 3 s from the click) is never spent on slow work.
    form_budget: float = 1.0
    recall: Recall = Recall.TWELVE_MONTHS
    calendar: RoundCalendar = field(default_factory=RoundCalendar)  # `[schedule]`
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    # Big Conversation: the networks configured with chairs (an admin may pick any of
    # them, or one that already has prompts), and where approved replies are relayed.
    networks: tuple[str, ...] = ()
    channel_ports: Mapping[str, ChannelPort] = field(default_factory=dict)
    trust_name: str = ""  # heads the report files, as `[trust] name` does on the CLI

    def report_ask(self, requester: Requester) -> ReportAsk:
        """The rules and clock a report asked for by `requester` is pulled under."""
        return ReportAsk(
            requester, self.report_policy, self.today(), self.now(), trust=self.trust_name
        )
