"""The configuration: one typed model of the TOML file (every key documented in
config.example.toml), checked at start-up, plus secrets from the environment. With no
file at all the embedded default runs: SQLite in ./bigconv.db, key files beside it."""

from bot.settings.core import (
    AuditSettings,
    DatabaseSettings,
    KeySettings,
    ReportSettings,
    RoleSettings,
    TrustSettings,
)
from bot.settings.delivery import ConversationSettings, DeliverySettings
from bot.settings.errors import ConfigError
from bot.settings.loading import load_settings, settings_from_mapping
from bot.settings.model import Settings
from bot.settings.privacy import MIN_GROUP_SIZE_FLOOR, PrivacySettings, notice_settings
from bot.settings.schedule import ScheduleSettings, parse_hours, parse_weekdays
from bot.settings.slack import ServerSettings, SlackSettings
from bot.settings.teams import TeamsSettings

__all__ = [
    "MIN_GROUP_SIZE_FLOOR",
    "AuditSettings",
    "ConfigError",
    "ConversationSettings",
    "DatabaseSettings",
    "DeliverySettings",
    "KeySettings",
    "PrivacySettings",
    "ReportSettings",
    "RoleSettings",
    "ScheduleSettings",
    "ServerSettings",
    "Settings",
    "SlackSettings",
    "TeamsSettings",
    "TrustSettings",
    "load_settings",
    "notice_settings",
    "parse_hours",
    "parse_weekdays",
    "settings_from_mapping",
]
