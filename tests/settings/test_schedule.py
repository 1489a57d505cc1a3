"""The [schedule] section parses into the scheduler's terms and refuses nonsense
(moved here from tests/delivery/test_scheduler.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.settings import ConfigError, parse_weekdays, settings_from_mapping


def test_schedule_settings_parse_and_refuse_nonsense() -> None:
    raw = {
        "schedule": {
            "cron": "0 9 1 * *",
            "reminder_hours": "9-17",
            "reminder_weekdays": "mon,wed-thu",
            "open_days": 10,
        }
    }
    parsed = settings_from_mapping(raw, base=Path(".")).schedule
    assert parsed.reminder_hours == (9, 17) and parsed.open_days == 10
    assert parsed.reminder_weekdays == frozenset({0, 2, 3})
    assert parse_weekdays("sat-mon") == frozenset({5, 6, 0})


@pytest.mark.parametrize(
    "bad",
    [
        {"cron": "every month"},
        {"timezone": "Mars/Olympus"},
        {"reminder_hours": "16-10"},
        {"reminder_weekdays": "funday"},
        {"open_days": 0},
    ],
)
def test_schedule_nonsense_is_refused_naming_the_key(bad: dict[str, Any]) -> None:
    (key,) = bad
    with pytest.raises(ConfigError, match=rf"schedule\.{key}: "):
        settings_from_mapping({"schedule": bad}, base=Path("."))
