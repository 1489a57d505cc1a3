"""The `[schedule]` section: when rounds open, how long they stay open, when reminders go.

Parsed and checked once at start-up, so a typo stops the server with a readable message
instead of silently never opening a round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from bot.config import ConfigError, Settings
from handlers.pulse_rounds import ReminderPolicy

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    cron: str = "0 9 1 * *"  # a round opens at 09:00 on the 1st of each month
    timezone: str = "Europe/London"
    open_days: int = 14
    reminders: int = 2
    reminder_hours: tuple[int, int] = (10, 16)
    reminder_weekdays: frozenset[int] = frozenset(range(5))
    roster_sync_minutes: int = 60

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


def parse_hours(text: str) -> tuple[int, int]:
    """ "10-16": reminders from 10:00 until 16:00 (the end hour itself excluded)."""
    try:
        first, end = (int(part) for part in text.split("-"))
    except ValueError as exc:
        raise ConfigError(
            f'[schedule] reminder_hours must look like "10-16", not "{text}"'
        ) from exc
    if not 0 <= first < end <= 24:
        raise ConfigError(f'[schedule] reminder_hours "{text}": hours run 0-24, start < end')
    return first, end


def _day(name: str) -> int:
    try:
        return WEEKDAYS.index(name.strip().lower()[:3])
    except ValueError as exc:
        raise ConfigError(f"[schedule] reminder_weekdays: '{name}' is not a weekday") from exc


def parse_weekdays(text: str) -> frozenset[int]:
    """ "mon-fri", "mon,wed,fri" or "sat-sun" -> weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for part in text.split(","):
        if "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            days.update(
                range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            )
        elif part.strip():
            days.add(_day(part))
    if not days:
        raise ConfigError("[schedule] reminder_weekdays names no day")
    return frozenset(days)


def _positive(raw: Mapping[str, Any], key: str, default: int, *, zero_ok: bool = False) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or value < (0 if zero_ok else 1):
        raise ConfigError(f"[schedule] {key} must be a whole number above {-1 if zero_ok else 0}")
    return value


def schedule_settings(settings: Settings) -> ScheduleSettings:
    raw = settings.section("schedule")
    defaults = ScheduleSettings()
    cron = str(raw.get("cron", defaults.cron))
    timezone = str(raw.get("timezone", defaults.timezone))
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"[schedule] timezone '{timezone}' is not a known time zone") from exc
    try:
        CronTrigger.from_crontab(cron, timezone=zone)
    except ValueError as exc:
        raise ConfigError(f"[schedule] cron '{cron}' is not a cron expression: {exc}") from exc
    return ScheduleSettings(
        cron=cron,
        timezone=timezone,
        open_days=_positive(raw, "open_days", defaults.open_days),
        reminders=_positive(raw, "reminders", defaults.reminders, zero_ok=True),
        reminder_hours=parse_hours(str(raw.get("reminder_hours", "10-16"))),
        reminder_weekdays=parse_weekdays(str(raw.get("reminder_weekdays", "mon-fri"))),
        roster_sync_minutes=_positive(raw, "roster_sync_minutes", defaults.roster_sync_minutes),
    )
