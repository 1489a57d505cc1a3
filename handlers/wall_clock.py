"""The wall clock the chat wings read by default; tests hand theirs a fixed one."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now_to_the_second() -> datetime:
    # Whole seconds: what is shown and stored never carries sub-second timing.
    return datetime.now(UTC).replace(microsecond=0)


def today_utc() -> date:
    return datetime.now(UTC).date()
