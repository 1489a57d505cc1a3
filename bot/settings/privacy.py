"""The [privacy] section: the group size k, retention, the recall window, and the contact
named in the privacy notice (which also promises k and the retention period)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import StrictStr, field_validator

from bot.settings.section import PositiveWhole, Section, Whole
from handlers.privacy import DEFAULT_CONTACT, NoticeSettings
from surveys.questions import Recall

if TYPE_CHECKING:
    from bot.settings.model import Settings

MIN_GROUP_SIZE_FLOOR = 5


class PrivacySettings(Section):
    min_group_size: Whole = 11
    retention_months: PositiveWhole = 24
    recall: Recall = Recall.TWELVE_MONTHS
    # "": the notice's own default wording (handlers.privacy.DEFAULT_CONTACT).
    contact: StrictStr = ""

    @field_validator("min_group_size")
    @classmethod
    def _not_below_floor(cls, k: int) -> int:
        if k < MIN_GROUP_SIZE_FLOOR:
            raise ValueError(
                f"{k} is below the floor of {MIN_GROUP_SIZE_FLOOR}; smaller groups could "
                "identify people"
            )
        return k


def notice_settings(settings: Settings) -> NoticeSettings:
    """What the privacy notice promises, from the same section."""
    privacy = settings.privacy
    return NoticeSettings(
        contact=privacy.contact or DEFAULT_CONTACT,
        min_group_size=privacy.min_group_size,
        retention_months=privacy.retention_months,
    )
