"""Every kind of mistake in the configuration is refused at start-up: one line per
problem with the file, the dotted key and the reason; never silently ignored."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.settings import ConfigError, Settings, load_settings, settings_from_mapping

ROOT = Path(__file__).resolve().parents[2]


def refusal(raw: dict[str, Any], tmp_path: Path) -> str:
    config = tmp_path / "bigconv.toml"
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping(raw, base=tmp_path, source=config)
    return str(caught.value)


def test_the_example_config_is_accepted_and_agrees_with_the_defaults() -> None:
    example = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    settings = settings_from_mapping(example, base=Path("."))
    defaults = Settings()
    for section in ("schedule", "delivery", "conversation", "server"):
        assert getattr(settings, section) == getattr(defaults, section), section
    assert settings.privacy.model_copy(update={"contact": ""}) == defaults.privacy
    assert settings.trust_name == "Example NHS Foundation Trust"


@pytest.mark.parametrize(
    ("raw", "key", "reason"),
    [
        # The two: a misspelt key used to fall back to SQLite, or to k = 11.
        ({"database": {"uri": "postgresql://db/x"}}, "database.uri", "did you mean url?"),
        ({"privacy": {"min_group_sise": 50}}, "privacy.min_group_sise", "min_group_size?"),
        ({"databse": {"url": "sqlite:///x.db"}}, "databse", "unknown section"),
        ({"slack": {"tokens": "x"}}, "slack.tokens", "unknown key"),
        ({"database": "sqlite:///x.db"}, "database", "must be a table"),
        # wrong types: TOML gives native types, and a string is not a number
        ({"privacy": {"min_group_size": "50"}}, "privacy.min_group_size", "whole number"),
        ({"slack": {"enabled": "no"}}, "slack.enabled", "true or false"),
        ({"teams": {"allow_anonymous": 1}}, "teams.allow_anonymous", "true or false"),
        ({"roles": {"edi": "slack:T1:U1"}}, "roles.edi", "must be a list"),
        ({"trust": {"name": 7}}, "trust.name", "text in quotes"),
        ({"privacy": {"recall": "6 months"}}, "privacy.recall", "12 months"),
        ({"slack": {"mode": "websocket"}}, "slack.mode", "http"),
        ({"database": {"url": "mysql://db/x"}}, "database.url", "SQLite or PostgreSQL"),
        # out of range
        ({"privacy": {"min_group_size": 4}}, "privacy.min_group_size", "below the floor of 5"),
        ({"privacy": {"retention_months": 0}}, "privacy.retention_months", "at least 1"),
        ({"schedule": {"open_days": -3}}, "schedule.open_days", "at least 1"),
        ({"schedule": {"reminders": -1}}, "schedule.reminders", "at least 0"),
        ({"server": {"port": 70000}}, "server.port", "at most 65535"),
        ({"delivery": {"max_attempts": 0}}, "delivery.max_attempts", "at least 1"),
        ({"delivery": {"backoff_cap_seconds": -1}}, "delivery.backoff_cap_seconds", "above 0"),
        ({"teams": {"report_link_minutes": 0}}, "teams.report_link_minutes", "above 0"),
        ({"teams": {"public_url": "bigconv.nhs.uk"}}, "teams.public_url", "must be a URL"),
        ({"report": {"trend_periods": 0}}, "report.trend_periods", "at least 1"),
    ],
)
def test_each_mistake_names_file_key_and_reason(
    tmp_path: Path, raw: dict[str, Any], key: str, reason: str
) -> None:
    message = refusal(raw, tmp_path)
    line = next(line for line in message.splitlines() if f": {key}: " in line)
    assert line.strip().startswith(f"{tmp_path / 'bigconv.toml'}: {key}: ")
    assert reason in line


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    raw = {"database": {"uri": "x"}, "privacy": {"min_group_size": 2}, "nonsense": {}}
    message = refusal(raw, tmp_path)
    assert "(3 problems)" in message
    assert len([line for line in message.splitlines() if line.startswith("  ")]) == 3


def test_the_file_read_from_disk_is_named(tmp_path: Path) -> None:
    config = tmp_path / "trust.toml"
    config.write_text('[database]\nuri = "postgresql://db/x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{config}: database\.uri: unknown key"):
        load_settings(config)


def test_relative_paths_are_read_beside_the_file(tmp_path: Path) -> None:
    raw = {"keys": {"pepper_file": "", "mixing_key_dir": "mix"}, "report": {"output_dir": "r"}}
    settings = settings_from_mapping(raw, base=tmp_path)
    assert settings.keys.master_key_file == tmp_path / "bigconv.key"
    assert settings.keys.pepper_file is None and settings.keys.mixing_key_dir == tmp_path / "mix"
    assert settings.report.output_dir == tmp_path / "r"
    assert settings.audit_anchor == tmp_path / "bigconv.audit-anchor"
    assert settings.database_url == f"sqlite:///{tmp_path / 'bigconv.db'}"
    assert settings_from_mapping({"audit": {"anchor_file": ""}}).audit_anchor is None
