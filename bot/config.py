"""Configuration: a TOML file (every key documented in config.example.toml) plus secrets
from the environment. With no file at all the embedded default runs: SQLite in
./bigconv.db and key files created beside it."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from surveys.questions import Recall

DEFAULT_CONFIG_PATHS = (Path("bigconv.toml"),)
MIN_GROUP_SIZE_FLOOR = 5


class ConfigError(Exception):
    """A configuration problem, worded for the operator who has to fix it."""


@dataclass(frozen=True, slots=True)
class KeySettings:
    master_key_env: str = "BIGCONV_MASTER_KEY"
    pepper_env: str = "BIGCONV_PEPPER"
    master_key_file: Path | None = Path("bigconv.key")
    pepper_file: Path | None = Path("bigconv.pepper")
    # Open rounds' mixing keys (docs/privacy.md); None: beside a SQLite file, else
    # "bigconv.mixing-keys" beside the configuration file.
    mixing_key_dir: Path | None = None
    # Production refuses to start without an explicit key; the embedded default makes one.
    production: bool = False


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    min_group_size: int = 11
    retention_months: int = 24
    recall: Recall = Recall.TWELVE_MONTHS


@dataclass(frozen=True, slots=True)
class RoleSettings:
    edi: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()
    network_chairs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReportSettings:
    trend_periods: int = 6
    output_dir: Path = Path(".")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = "sqlite:///bigconv.db"
    keys: KeySettings = field(default_factory=KeySettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    roles: RoleSettings = field(default_factory=RoleSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    trust_name: str = "Your NHS Trust"
    # The audit log's head, written outside the database (storage.audit_anchor).
    audit_anchor: Path | None = Path("bigconv.audit-anchor")
    source: Path | None = None
    # The parsed file, for features that read their own section ([slack], [schedule], ...).
    raw: Mapping[str, Any] = field(default_factory=dict)
    base: Path = Path(".")

    def section(self, name: str) -> Mapping[str, Any]:
        return _section(self.raw, name)


def _section(raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{name}] must be a table of keys")
    return value


def _optional_path(value: object, base: Path) -> Path | None:
    if value in (None, ""):
        return None
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else base / path


def _privacy(raw: Mapping[str, Any]) -> PrivacySettings:
    k = int(raw.get("min_group_size", 11))
    if k < MIN_GROUP_SIZE_FLOOR:
        raise ConfigError(
            f"[privacy] min_group_size = {k} is below the floor of {MIN_GROUP_SIZE_FLOOR}; "
            "smaller groups could identify people."
        )
    try:
        recall = Recall(str(raw.get("recall", Recall.TWELVE_MONTHS.value)))
    except ValueError as exc:
        raise ConfigError('[privacy] recall must be "12 months" or "3 months"') from exc
    return PrivacySettings(k, int(raw.get("retention_months", 24)), recall)


def _roles(raw: Mapping[str, Any]) -> RoleSettings:
    chairs = _section(raw, "network_chairs")
    return RoleSettings(
        edi=tuple(raw.get("edi", ())),
        admin=tuple(raw.get("admin", ())),
        network_chairs={net: tuple(ids) for net, ids in chairs.items()},
    )


def _anchor_path(audit: Mapping[str, Any], keys: Mapping[str, Any], base: Path) -> Path | None:
    """[audit] anchor_file; by default beside the master key file, where the database
    administrator has no access ("" switches anchoring off)."""
    if "anchor_file" in audit:
        return _optional_path(audit["anchor_file"], base)
    key_file = _optional_path(keys.get("master_key_file", "bigconv.key"), base)
    folder = key_file.parent if key_file is not None else base
    return folder / "bigconv.audit-anchor"


def settings_from_mapping(raw: Mapping[str, Any], *, base: Path = Path(".")) -> Settings:
    """Build settings from parsed TOML; relative paths are relative to the file."""
    database = _section(raw, "database")
    keys = _section(raw, "keys")
    report = _section(raw, "report")
    defaults = KeySettings()
    return Settings(
        database_url=str(database.get("url", f"sqlite:///{base / 'bigconv.db'}")),
        keys=KeySettings(
            master_key_env=str(keys.get("master_key_env", defaults.master_key_env)),
            pepper_env=str(keys.get("pepper_env", defaults.pepper_env)),
            master_key_file=_optional_path(keys.get("master_key_file", "bigconv.key"), base),
            pepper_file=_optional_path(keys.get("pepper_file", "bigconv.pepper"), base),
            mixing_key_dir=_optional_path(keys.get("mixing_key_dir"), base),
            production=bool(keys.get("production", False)),
        ),
        privacy=_privacy(_section(raw, "privacy")),
        roles=_roles(_section(raw, "roles")),
        report=ReportSettings(
            trend_periods=int(report.get("trend_periods", 6)),
            output_dir=_optional_path(report.get("output_dir", "."), base) or Path("."),
        ),
        trust_name=str(_section(raw, "trust").get("name", "Your NHS Trust")),
        audit_anchor=_anchor_path(_section(raw, "audit"), keys, base),
        raw=raw,
        base=base,
    )


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file named (or $BIGCONV_CONFIG, or ./bigconv.toml if present)."""
    candidate = path or (
        Path(os.environ["BIGCONV_CONFIG"]) if "BIGCONV_CONFIG" in os.environ else None
    )
    if candidate is None:
        candidate = next((p for p in DEFAULT_CONFIG_PATHS if p.exists()), None)
        if candidate is None:
            return Settings()
    if not candidate.exists():
        raise ConfigError(f"The configuration file {candidate} does not exist.")
    try:
        raw = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{candidate} is not valid TOML: {exc}") from exc
    return replace(settings_from_mapping(raw, base=candidate.parent), source=candidate)
