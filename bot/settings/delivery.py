"""The [delivery] section (how fast the outbox worker may send, how it retries) and the
[conversation] section (how Big Conversation replies are held back from the chairs)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt, field_validator

from bot.settings.section import PositiveNumber, PositiveWhole, Section
from handlers.delivery.pacing import Pacing, PlatformPacing
from handlers.delivery.retry import RetryPolicy
from handlers.discussion.release import QueuePacing

Minutes = Annotated[StrictInt, Field(ge=0)]


class DeliverySettings(Section):
    slack_conversation_per_second: PositiveNumber = 1.0
    slack_workspace_per_second: PositiveNumber = 50.0
    teams_conversation_per_second: PositiveNumber = 7.0
    teams_tenant_per_second: PositiveNumber = 30.0
    concurrency: PositiveWhole = 64
    backoff_base_seconds: PositiveNumber = 2.0
    backoff_cap_seconds: PositiveNumber = 600.0
    max_attempts: PositiveWhole = 6

    @property
    def pacing(self) -> Pacing:
        slack = PlatformPacing(
            conversation_per_second=self.slack_conversation_per_second,
            workspace_per_second=self.slack_workspace_per_second,
        )
        teams = PlatformPacing(
            conversation_per_second=self.teams_conversation_per_second,
            workspace_per_second=self.teams_tenant_per_second,
        )
        return Pacing({"slack": slack, "teams": teams})

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(
            base_seconds=self.backoff_base_seconds,
            cap_seconds=self.backoff_cap_seconds,
            max_attempts=self.max_attempts,
        )


_QUEUE = QueuePacing()


class ConversationSettings(Section):
    queue_batch_size: PositiveWhole = _QUEUE.batch_size
    # Two whole numbers of minutes, shortest first, e.g. [10, 40].
    queue_delay_minutes: tuple[Minutes, Minutes] = _QUEUE.delay_minutes

    @field_validator("queue_delay_minutes")
    @classmethod
    def _shortest_first(cls, window: tuple[int, int]) -> tuple[int, int]:
        if window[0] > window[1]:
            raise ValueError("give the shortest delay first, e.g. [10, 40]")
        return window

    @property
    def queue_pacing(self) -> QueuePacing:
        return QueuePacing(batch_size=self.queue_batch_size, delay_minutes=self.queue_delay_minutes)
