"""What earlier reports released, cell by cell, so a new report cannot be subtracted
from an old one to isolate fewer than k people (wres-indicators.md §5)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Release

CellKey = tuple[str, str, str]  # indicator, staff group, ethnic group


@dataclass(frozen=True, slots=True)
class ReleasedReport:
    period: str
    months: frozenset[str]
    staff_group: str
    cells: dict[CellKey, int]  # the n of every cell as released
    created_at: datetime


def _encode(key: CellKey) -> str:
    return "|".join(key)


def _decode(text: str) -> CellKey:
    indicator, staff, ethnic = text.split("|")
    return indicator, staff, ethnic


def record(
    session: Session,
    *,
    period: str,
    months: Iterable[str],
    staff_group: str,
    cells: Mapping[CellKey, int],
    now: datetime | None = None,
) -> None:
    session.add(
        Release(
            id=str(uuid.uuid4()),
            period=period,
            months=sorted(set(months)),
            staff_group=staff_group,
            cells={_encode(key): int(n) for key, n in sorted(cells.items())},
            created_at=now or datetime.now(UTC),
        )
    )
    session.flush()


def overlapping(session: Session, months: Iterable[str]) -> list[ReleasedReport]:
    """Every released report sharing at least one month with `months`, oldest first."""
    wanted = set(months)
    found = []
    for row in session.execute(select(Release).order_by(Release.created_at)).scalars():
        if wanted & set(row.months):
            created = row.created_at
            found.append(
                ReleasedReport(
                    period=row.period,
                    months=frozenset(row.months),
                    staff_group=row.staff_group,
                    cells={_decode(k): int(n) for k, n in row.cells.items()},
                    created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
                )
            )
    return found
