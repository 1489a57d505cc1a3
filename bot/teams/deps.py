"""What the Teams listeners need, built once per server: the store, roles, the report
policy, the report links, and the words Teams people type."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.roles import RoleResolver
from bot.teams.discussion_deps import DiscussionDeps
from handlers.backend import Backend
from handlers.commands import TYPED_COMMANDS, CommandWords
from handlers.identity import Requester
from handlers.privacy import NoticeSettings
from handlers.report_links import ReportLinks
from handlers.report_pulls import ReportAsk
from handlers.reports import ReportPolicy
from handlers.round_admin import RoundCalendar
from handlers.wall_clock import now_to_the_second, today_utc
from surveys.form import Form, pulse_form
from surveys.questions import Recall

# The scheme and host a request to /api/messages came in on, for links when no public_url
# is configured (set by the endpoint for the turn it runs).
REQUEST_ORIGIN: ContextVar[str] = ContextVar("bigconv_teams_request_origin", default="")
# When that request arrived (time.monotonic()): deadlines count from here (handlers.deadline).
REQUEST_RECEIVED: ContextVar[float | None] = ContextVar("bigconv_teams_received", default=None)


@dataclass
class TeamsDeps:
    backend: Backend  # handed to the use cases, never opened here
    roles: RoleResolver
    report_policy: ReportPolicy
    links: ReportLinks
    # Where GET /reports/{token} is reached from outside ("https://host"); empty: the
    # address the request to /api/messages came in on.
    public_url: str = ""
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    commands: CommandWords = TYPED_COMMANDS
    # How a submitted card is read back: the ids and choices are the same for every recall.
    form: Form = field(default_factory=pulse_form)
    now: Callable[[], datetime] = now_to_the_second
    today: Callable[[], date] = today_utc
    discussion: DiscussionDeps = field(default_factory=DiscussionDeps)  # Big Conversation prompts
    trust_name: str = ""  # heads the report files, as `[trust] name` does on the CLI
    recall: Recall = Recall.TWELVE_MONTHS
    calendar: RoundCalendar = field(default_factory=RoundCalendar)  # `[schedule]`

    def report_ask(self, requester: Requester) -> ReportAsk:
        """The rules and clock a report asked for by `requester` is pulled under."""
        return ReportAsk(
            requester,
            self.report_policy,
            self.today(),
            self.now(),
            commands=self.commands,
            trust=self.trust_name,
        )
