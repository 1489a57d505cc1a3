"""`BIGCONV_<SECTION>__<KEY>` overrides the file (a database URL with its password from
the secret store, say), checked like the file and named when refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings, settings_from_mapping


def test_the_environment_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "bigconv.toml"
    config.write_text("[privacy]\nmin_group_size = 11\n[slack]\nenabled = true\n")
    monkeypatch.setenv("BIGCONV_PRIVACY__MIN_GROUP_SIZE", "15")
    monkeypatch.setenv("BIGCONV_SLACK__ENABLED", "false")
    monkeypatch.setenv("BIGCONV_DATABASE__URL", "postgresql+psycopg://bc:pw@db/bigconv")
    monkeypatch.setenv("BIGCONV_SLACK__EDI_USERGROUPS", '["S01", "S02"]')
    settings = load_settings(config)
    assert settings.privacy.min_group_size == 15 and settings.slack.enabled is False
    assert settings.database_url == "postgresql+psycopg://bc:pw@db/bigconv"
    assert settings.slack.edi_usergroups == ("S01", "S02")


def test_variables_without_a_section_are_not_settings() -> None:
    environ = {"BIGCONV_MASTER_KEY": "x", "BIGCONV_CONFIG": "y", "BIGCONV_DEBUG": "1"}
    assert settings_from_mapping({}, environ=environ).privacy.min_group_size == 11


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("BIGCONV_PRIVACY__MIN_GROUP_SIZE", "3", "privacy.min_group_size: 3 is below"),
        ("BIGCONV_PRIVACY__MIN_GROUP_SISE", "50", "unknown key (did you mean min_group_size?)"),
        ("BIGCONV_DATABSE__URL", "sqlite:///x.db", "databse: unknown section"),
        ("BIGCONV_SLACK__ENABLED", "yes", "slack.enabled: must be true or false"),
    ],
)
def test_a_bad_variable_is_named(name: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({}, environ={name: value})
    (line,) = [line for line in str(caught.value).splitlines() if line.startswith("  ")]
    assert line.strip().startswith(f"environment {name}: ") and says in line
