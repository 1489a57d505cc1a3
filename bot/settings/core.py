"""The sections every command reads: the trust, the database, keys, audit anchor, report
and roles. Privacy has its own module (it also feeds the privacy notice)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, StrictStr, ValidationInfo, field_validator

from bot.settings.section import Flag, PositiveWhole, Section, resolve_path

DATABASE_SCHEMES = ("sqlite", "postgresql")
Ids = tuple[StrictStr, ...]


class TrustSettings(Section):
    # Heads every report: the CLI's files, Slack's /wres and Teams' wres.
    name: Annotated[StrictStr, Field(min_length=1)] = "Your NHS Trust"


class DatabaseSettings(Section):
    # None: SQLite in bigconv.db beside the configuration file.
    url: StrictStr | None = None

    @field_validator("url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if not scheme.startswith(DATABASE_SCHEMES):
            raise ValueError(
                'must be a SQLite or PostgreSQL URL, e.g. "sqlite:///bigconv.db" or '
                '"postgresql+psycopg://bigconv@db.internal:5432/bigconv"'
            )
        return url


class KeySettings(Section):
    master_key_env: StrictStr = "BIGCONV_MASTER_KEY"
    pepper_env: StrictStr = "BIGCONV_PEPPER"
    master_key_file: Path | None = Field(default=Path("bigconv.key"), validate_default=True)
    pepper_file: Path | None = Field(default=Path("bigconv.pepper"), validate_default=True)
    # Open rounds' mixing keys (docs/privacy.md); None: beside a SQLite file, else
    # "bigconv.mixing-keys" beside the configuration file.
    mixing_key_dir: Path | None = None
    # Production refuses to start without an explicit key; the embedded default makes one.
    production: Flag = False

    @field_validator("master_key_file", "pepper_file", "mixing_key_dir", mode="before")
    @classmethod
    def _beside_config(cls, value: object, info: ValidationInfo) -> Path | None:
        return resolve_path(value, info)


class AuditSettings(Section):
    # The audit log's head, written outside the database (storage.audit_anchor). Unset:
    # beside the master key file; "" switches anchoring off.
    anchor_file: Path | None = None

    @field_validator("anchor_file", mode="before")
    @classmethod
    def _beside_config(cls, value: object, info: ValidationInfo) -> Path | None:
        return resolve_path(value, info)


class ReportSettings(Section):
    trend_periods: PositiveWhole = 6
    # Where `bigconv report` writes its files when --out is not given: unset, the current
    # directory; set, relative to the configuration file like every other path.
    output_dir: Path = Path(".")

    @field_validator("output_dir", mode="before")
    @classmethod
    def _beside_config(cls, value: object, info: ValidationInfo) -> Path:
        return resolve_path(value, info) or Path(".")


class RoleSettings(Section):
    edi: Ids = ()
    admin: Ids = ()
    network_chairs: Mapping[str, Ids] = Field(default_factory=dict)
