"""`[conversation]` parses into the reply queue's pacing and refuses nonsense naming the
key (moved here from tests/discussion/test_queue_settings.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.settings import ConfigError, settings_from_mapping
from handlers.discussion import QueuePacing

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_config_and_the_defaults_agree() -> None:
    example = tomllib.loads((ROOT / "config.example.toml").read_text())
    assert settings_from_mapping(example).conversation.queue_pacing == QueuePacing()
    assert settings_from_mapping({}).conversation.queue_pacing == QueuePacing(2, (10, 40))
    raw = {"conversation": {"queue_batch_size": 3, "queue_delay_minutes": [0, 5]}}
    assert settings_from_mapping(raw).conversation.queue_pacing == QueuePacing(3, (0, 5))


@pytest.mark.parametrize(
    "bad",
    [
        {"queue_batch_size": 0},
        {"queue_batch_size": "2"},
        {"queue_batch_size": True},
        {"queue_delay_minutes": [40, 10]},
        {"queue_delay_minutes": 10},
        {"queue_delay_minutes": [-1, 10]},
        {"queue_delay_minutes": [1, 2, 3]},
    ],
)
def test_nonsense_is_refused_naming_the_key(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"conversation\.queue_"):
        settings_from_mapping({"conversation": bad})
