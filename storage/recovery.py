"""What a start finds left over from the last run, as counts only: open rounds, rounds
whose close stopped part-way, answers not yet flushed into the responses, outbox rows
claimed but not marked. Logged by `serve` so an unclean stop and what it left are
visible; never a person, an id or an answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from storage.db import Database
from storage.mixing import MixingKeys
from storage.mixing_checks import problems_at_start
from storage.models import BufferedResponse, MixedAnswer, OutboxMessage, Round


@dataclass(frozen=True, slots=True)
class Recovered:
    open_rounds: int
    closing_rounds: int  # a close stopped part-way: the next close (or leader) finishes it
    buffered_answers: int  # in open rounds' mixed answers or the legacy buffer
    claims_in_flight: int  # outbox rows "sending": a worker stopped (or is) mid-send

    def lines(self) -> list[str]:
        return [
            f"recovery: {self.open_rounds} open rounds",
            f"recovery: {self.closing_rounds} rounds left closing (finished by the next "
            "close, or the leader's close-rounds job within 15 minutes)",
            f"recovery: {self.buffered_answers} answers buffered, not yet flushed",
            f"recovery: {self.claims_in_flight} outbox claims in flight "
            "(returned to pending when a leader's delivery worker starts)",
        ]


def recovered(db: Database) -> Recovered:
    def count(model: type[object], *where: object) -> int:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(reader.execute(query).scalar_one())

    with db.reader() as reader:
        return Recovered(
            open_rounds=count(Round, Round.status == "open"),
            closing_rounds=count(Round, Round.status.in_(("closing", "emptying"))),
            buffered_answers=count(MixedAnswer) + count(BufferedResponse),
            claims_in_flight=count(OutboxMessage, OutboxMessage.status == "sending"),
        )


def mixing_key_problems(db: Database, mixing: MixingKeys) -> list[str]:
    """Open rounds with answers whose mixing key is missing here or is another key than
    the one recorded: `serve` logs each as an ERROR (unshared `[keys] mixing_key_dir`)."""
    with db.reader() as reader:
        return problems_at_start(reader, mixing)
