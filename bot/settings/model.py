"""The one settings model: every section of the configuration file, typed and checked
when the program starts. Unknown sections and keys are refused, not ignored."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, PrivateAttr, ValidationInfo, model_validator

from bot.settings.core import (
    AuditSettings,
    DatabaseSettings,
    KeySettings,
    ReportSettings,
    RoleSettings,
    TrustSettings,
)
from bot.settings.delivery import ConversationSettings, DeliverySettings
from bot.settings.privacy import PrivacySettings
from bot.settings.schedule import ScheduleSettings
from bot.settings.section import Section, base_of
from bot.settings.slack import ServerSettings, SlackSettings
from bot.settings.teams import TeamsSettings

AUDIT_ANCHOR_NAME = "bigconv.audit-anchor"


class Settings(Section):
    """The sections in the order config.example.toml documents them."""

    trust: TrustSettings = Field(default_factory=TrustSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    keys: KeySettings = Field(default_factory=KeySettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    roles: RoleSettings = Field(default_factory=RoleSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    conversation: ConversationSettings = Field(default_factory=ConversationSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    teams: TeamsSettings = Field(default_factory=TeamsSettings)

    # Where the settings came from: not keys of the file.
    _base: Path = PrivateAttr(default=Path("."))
    _source: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _remember_base(self, info: ValidationInfo) -> Settings:
        self._base = base_of(info)
        return self

    def located(self, source: Path | None) -> Settings:
        """This, read from the file `source`."""
        copy = self.model_copy()
        copy._source = source
        return copy

    @property
    def base(self) -> Path:
        """The configuration file's folder: relative paths in it are read from here."""
        return self._base

    @property
    def source(self) -> Path | None:
        return self._source

    @property
    def trust_name(self) -> str:
        return self.trust.name

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{self.base / 'bigconv.db'}"

    @property
    def audit_anchor(self) -> Path | None:
        """[audit] anchor_file; by default beside the master key file, where the database
        administrator has no access ("" switches anchoring off)."""
        if "anchor_file" in self.audit.model_fields_set:
            return self.audit.anchor_file
        key_file = self.keys.master_key_file
        folder = key_file.parent if key_file is not None else self.base
        return folder / AUDIT_ANCHOR_NAME

    @property
    def developer_name(self) -> str:
        """Who publishes the Teams app: [teams] developer_name, else the trust."""
        return self.teams.developer_name or self.trust.name
