"""The `[conversation]` section: how anonymous replies are held back from the chairs'
queues (see handlers.discussion.release). Checked once at start-up."""

from __future__ import annotations

from bot.config import ConfigError, Settings
from handlers.discussion.release import QueuePacing

DEFAULT = QueuePacing()


def queue_pacing(settings: Settings) -> QueuePacing:
    raw = settings.section("conversation")
    size = raw.get("queue_batch_size", DEFAULT.batch_size)
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ConfigError("[conversation] queue_batch_size must be a whole number above 0")
    window = raw.get("queue_delay_minutes", list(DEFAULT.delay_minutes))
    if (
        not isinstance(window, list)
        or len(window) != 2
        or not all(isinstance(m, int) and not isinstance(m, bool) for m in window)
        or not 0 <= window[0] <= window[1]
    ):
        raise ConfigError(
            "[conversation] queue_delay_minutes must be two whole numbers of minutes, "
            "shortest first, e.g. [10, 40]"
        )
    return QueuePacing(batch_size=size, delay_minutes=(window[0], window[1]))
