"""The [schedule] section: when rounds open, how long they stay open, when reminders go.

Checked at start-up, so a typo stops the program with a readable message instead of
silently never opening a round."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PlainSerializer, StrictStr, field_validator

from bot.settings.section import PositiveWhole, Section
from handlers.pulse_rounds import ReminderPolicy

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hours(text: object) -> tuple[int, int]:
    """ "10-16": reminders from 10:00 until 16:00 (the end hour itself excluded)."""
    if isinstance(text, tuple):
        return text  # already parsed (settings built in code)
    try:
        first, end = (int(part) for part in str(text).split("-"))
    except ValueError as exc:
        raise ValueError(f'must look like "10-16", not "{text}"') from exc
    if not 0 <= first < end <= 24:
        raise ValueError(f'"{text}": hours run 0-24, start before end')
    return first, end


def _day(name: str) -> int:
    try:
        return WEEKDAYS.index(name.strip().lower()[:3])
    except ValueError as exc:
        raise ValueError(f"'{name}' is not a weekday") from exc


def parse_weekdays(text: object) -> frozenset[int]:
    """ "mon-fri", "mon,wed,fri" or "sat-sun" -> weekday numbers (0 = Monday)."""
    if isinstance(text, frozenset | set):
        return frozenset(text)  # already parsed (settings built in code)
    days: set[int] = set()
    for part in str(text).split(","):
        if "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            days.update(
                range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            )
        elif part.strip():
            days.add(_day(part))
    if not days:
        raise ValueError("names no day")
    return frozenset(days)


def _hours_text(hours: tuple[int, int]) -> str:
    return f"{hours[0]}-{hours[1]}"


def _weekdays_text(days: frozenset[int]) -> str:
    return ",".join(WEEKDAYS[day] for day in sorted(days))


Hours = Annotated[tuple[int, int], PlainSerializer(_hours_text)]
Weekdays = Annotated[frozenset[int], PlainSerializer(_weekdays_text)]


class ScheduleSettings(Section):
    cron: StrictStr = "0 9 1 * *"  # a round opens at 09:00 on the 1st of each month
    timezone: StrictStr = "Europe/London"
    open_days: PositiveWhole = 14
    reminders: Annotated[int, Field(strict=True, ge=0)] = 2
    reminder_hours: Hours = (10, 16)
    reminder_weekdays: Weekdays = frozenset(range(5))
    roster_sync_minutes: PositiveWhole = 60

    @field_validator("reminder_hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> tuple[int, int]:
        return parse_hours(value)

    @field_validator("reminder_weekdays", mode="before")
    @classmethod
    def _weekdays(cls, value: object) -> frozenset[int]:
        return parse_weekdays(value)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, timezone: str) -> str:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"'{timezone}' is not a known time zone") from exc
        return timezone

    @field_validator("cron")
    @classmethod
    def _cron_reads(cls, cron: str) -> str:
        from apscheduler.triggers.cron import CronTrigger  # only when a schedule is given

        try:
            CronTrigger.from_crontab(cron, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"'{cron}' is not a cron expression: {exc}") from exc
        return cron

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def reminder_policy(self) -> ReminderPolicy:
        first, end = self.reminder_hours
        return ReminderPolicy(
            count=self.reminders,
            first_hour=first,
            end_hour=end,
            weekdays=self.reminder_weekdays,
            timezone=self.timezone,
        )
