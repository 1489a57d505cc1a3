"""The leader epoch: a counter bumped each time a replica becomes the leader, and the
fence that refuses outbox work from an older leader.

A fenced transaction reads the one epoch row FOR SHARE (PostgreSQL) before it claims or
marks outbox rows. Taking over bumps that row with an UPDATE, which waits for every fenced
transaction in progress and makes every later one see the new number. So once the new
epoch is committed, nothing the old leader does to the outbox can commit: a stale leader
that wakes from SIGSTOP is refused at its next claim, mark or fence check. SQLite: every
write transaction holds the database's single write lock, which serialises the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.errors import StorageError
from storage.models import Base

ROW_ID = 1  # the table holds exactly one row
STALL_MS = 3000  # a fenced transaction idle this long is ended by the server


class LeaderEpoch(Base):
    """The current leader's epoch. Holds no person and no answer."""

    __tablename__ = "leader_epoch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    epoch: Mapped[int] = mapped_column(BigInteger)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StaleEpoch(StorageError):
    """A newer leader has taken over: this claimant must not claim, mark or send."""

    def __init__(self, mine: int, current: int) -> None:
        super().__init__(f"leader epoch {mine} is stale: epoch {current} now leads")
        self.mine, self.current = mine, current


def take_epoch(session: Session, *, now: datetime | None = None) -> int:
    """Become the newest leader: bump the epoch and return it."""
    bumped = session.execute(
        update(LeaderEpoch)
        .where(LeaderEpoch.id == ROW_ID)
        .values(epoch=LeaderEpoch.epoch + 1, taken_at=now or datetime.now(UTC))
        .returning(LeaderEpoch.epoch)
    ).scalar_one()
    return int(bumped)


def current_epoch(session: Session) -> int:
    query = select(LeaderEpoch.epoch).where(LeaderEpoch.id == ROW_ID)
    return int(session.execute(query).scalar_one())


def fence(session: Session, epoch: int | None) -> None:
    """Raise StaleEpoch unless `epoch` is still current, and keep it current until this
    transaction ends (the row lock makes a takeover wait). `None`: unfenced (a worker run
    outside `serve`, in tests and benches)."""
    if epoch is None:
        return
    query = select(LeaderEpoch.epoch).where(LeaderEpoch.id == ROW_ID)
    if session.get_bind().dialect.name == "postgresql":
        # A leader stopped (SIGSTOP) inside this transaction would hold the row, and so
        # block every takeover, for as long as it stays stopped: PostgreSQL ends the
        # transaction once it has sat idle this long.
        session.execute(text(f"SET LOCAL idle_in_transaction_session_timeout = '{STALL_MS}ms'"))
        query = query.with_for_update(read=True)
    current = int(session.execute(query).scalar_one())
    if current != epoch:
        raise StaleEpoch(epoch, current)
