"""When a prompt is posted: now, at a moment, or monthly on a day and local time.

Monthly times are wall-clock times in the prompt's time zone (Europe/London by default),
so "the 15th at 09:00" is 09:00 UTC in winter and 08:00 UTC in summer. Days stop at 28 so
every month has one. A local time that does not exist (the hour skipped when the clocks
go forward) is posted an hour later; one that happens twice is posted the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LONDON = "Europe/London"
LAST_MONTHLY_DAY = 28
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class PostNow:
    """Post as soon as the scheduler next runs."""


@dataclass(frozen=True, slots=True)
class PostAt:
    """Post once at this moment (a naive datetime is read in Europe/London)."""

    at: datetime


@dataclass(frozen=True, slots=True)
class PostMonthly:
    day: int
    at: time
    timezone: str = LONDON


When = PostNow | PostAt | PostMonthly


def zone(name: str) -> ZoneInfo | None:
    """The time zone called `name`, or None if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def as_utc(moment: datetime, timezone: str = LONDON) -> datetime:
    """`moment` in UTC; a naive one is taken as local time in `timezone`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)


def _local(year: int, month: int, day: int, at: time, tz: ZoneInfo) -> datetime:
    wall = datetime(year, month, day, at.hour, at.minute, tzinfo=tz)
    # Round-trip through UTC: a wall time in the spring gap comes back an hour later.
    return wall.astimezone(UTC)


def next_monthly(day: int, at: time, timezone: str, *, after: datetime) -> datetime:
    """The first monthly occurrence strictly after `after`, in UTC."""
    tz = ZoneInfo(timezone)
    local = after.astimezone(tz)
    year, month = local.year, local.month
    for _ in range(3):
        candidate = _local(year, month, day, at, tz)
        if candidate > after:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable: a later month always has the day")


def first_post_at(when: When, *, now: datetime) -> datetime:
    """The first time a prompt with this schedule is due."""
    if isinstance(when, PostAt):
        return as_utc(when.at)
    if isinstance(when, PostMonthly):
        # Today's occurrence still counts if its time is now or later.
        return next_monthly(when.day, when.at, when.timezone, after=now - _TICK)
    return now


def local_text(moment: datetime, timezone: str = LONDON) -> str:
    """How a person reads a moment: "Monday 1 June 2026 at 09:00 (Europe/London)"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({timezone})"
