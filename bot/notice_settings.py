"""The privacy notice's configuration: the contact named in it ([privacy] contact), the
group size k and the retention period it promises, all from the same [privacy] section."""

from __future__ import annotations

from bot.config import Settings
from handlers.privacy import DEFAULT_CONTACT, NoticeSettings


def notice_settings(settings: Settings) -> NoticeSettings:
    contact = str(settings.section("privacy").get("contact") or DEFAULT_CONTACT)
    return NoticeSettings(
        contact=contact,
        min_group_size=settings.privacy.min_group_size,
        retention_months=settings.privacy.retention_months,
    )
