"""What a pulse modal carries in private_metadata: the round, and the invitation message
to update afterwards. A channel and a timestamp identify a message, not a person; no
user id, name or answer is ever put here."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.slack.blocks.elements import METADATA_MAX


class BadMetadata(ValueError):
    """private_metadata that this app did not write."""


@dataclass(frozen=True, slots=True)
class FormMetadata:
    round_id: str
    channel: str | None = None
    message_ts: str | None = None

    def encode(self) -> str:
        data = {"round": self.round_id}
        if self.channel and self.message_ts:
            data |= {"channel": self.channel, "ts": self.message_ts}
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > METADATA_MAX:
            raise BadMetadata("metadata too long")
        return text

    @classmethod
    def decode(cls, text: str) -> FormMetadata:
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as exc:
            raise BadMetadata("not JSON") from exc
        if not isinstance(data, dict) or not isinstance(data.get("round"), str):
            raise BadMetadata("no round")
        channel, ts = data.get("channel"), data.get("ts")
        if not (isinstance(channel, str) and isinstance(ts, str)):
            channel = ts = None
        return cls(data["round"], channel, ts)
