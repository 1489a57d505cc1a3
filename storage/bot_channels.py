"""The channels the bot is in, per platform: written when the platform tells us, read
when a chair composes a prompt. Names of channels and teams only; nobody's data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from storage.db import Database
from storage.prompt_models import BotChannel


@dataclass(frozen=True, slots=True)
class SavedChannel:
    channel: str
    workspace: str
    details: dict[str, Any]


class BotChannels:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, platform: str, channel: str, workspace: str, details: Mapping[str, Any]) -> None:
        with self._db.session() as session:
            session.merge(
                BotChannel(
                    platform=platform, channel=channel, workspace=workspace, details=dict(details)
                )
            )

    def remove(self, platform: str, channels: list[str]) -> None:
        if not channels:
            return
        with self._db.session() as session:
            session.execute(
                delete(BotChannel).where(
                    BotChannel.platform == platform, BotChannel.channel.in_(channels)
                )
            )

    def all(self, platform: str) -> list[SavedChannel]:
        with self._db.session() as session:
            rows = session.execute(
                select(BotChannel.channel, BotChannel.workspace, BotChannel.details).where(
                    BotChannel.platform == platform
                )
            ).all()
        return [SavedChannel(r.channel, r.workspace, dict(r.details)) for r in rows]
