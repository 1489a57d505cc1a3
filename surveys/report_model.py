"""The neutral report: what every renderer (chat summary, JSON, CSV, XLSX, HTML) draws from.

Suppressed cells carry no figures at all, so a renderer cannot leak them by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Indicator(StrEnum):
    WRES5 = "wres5"
    WRES6 = "wres6"
    WRES7 = "wres7"
    WRES8 = "wres8"
    # Supplementary rows asked for by EDI teams (not WRES).
    Q14A = "q14a"
    Q14B = "q14b"
    Q14C = "q14c"
    Q14D = "q14d"
    Q16A = "q16a"
    Q16C_ETHNIC = "q16c_ethnic"


WRES_INDICATORS: tuple[Indicator, ...] = (
    Indicator.WRES5,
    Indicator.WRES6,
    Indicator.WRES7,
    Indicator.WRES8,
)


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    indicator: Indicator
    title: str
    numerator: str
    denominator: str
    # wres7 measures a good thing (belief in fair progression): a rise is an improvement.
    higher_is_better: bool
    is_wres: bool


class Direction(StrEnum):
    IMPROVED = "improved"
    DETERIORATED = "deteriorated"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"


ALL = "all"
STAFF_GROUPS_REPORTED: tuple[str, ...] = (
    ALL,
    "substantive",
    "bank",
    "agency",
    "locum",
    "student",
    "volunteer",
)
ETHNIC_GROUPS_REPORTED: tuple[str, ...] = (
    ALL,
    "white",
    "bme",
    "not_stated",
    "mixed",
    "asian",
    "black",
    "other",
)


@dataclass(frozen=True, slots=True)
class Cell:
    indicator: Indicator
    staff_group: str
    ethnic_group: str
    suppressed: bool
    n: int | None = None
    count: int | None = None
    percent: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    # For a suppressed cell: why ("too_few", "complementary", "history") in plain words.
    reason: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    """BME minus White, in percentage points, with a Newcombe hybrid-Wilson interval."""

    indicator: Indicator
    staff_group: str
    gap_pp: float
    gap_ci_low: float
    gap_ci_high: float
    relative_likelihood: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    indicator: Indicator
    staff_group: str
    ethnic_group: str
    against: str
    change_pp: float
    p_value: float
    direction: Direction
    test: str  # "two-proportion z" or "Fisher exact"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    indicator: Indicator
    staff_group: str
    ethnic_group: str
    suppressed: bool
    percent: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    reason: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True, slots=True)
class BaselineFigure:
    survey_year: int
    indicator: Indicator
    staff_group: str
    ethnic_group: str
    percent: float
    n: int | None


@dataclass(frozen=True, slots=True)
class Report:
    period: str
    generated_at: str  # ISO 8601 UTC, e.g. 2026-10-01T09:00:00Z
    min_group_size: int
    recall: str
    cells: tuple[Cell, ...]
    gaps: tuple[Gap, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    baseline: tuple[BaselineFigure, ...] = ()
    # Departures from the national method and pooling caveats, shown in every format.
    notes: tuple[str, ...] = ()
    staff_group_filter: str = ALL
    indicators: tuple[IndicatorInfo, ...] = field(default=())

    def cell(self, indicator: Indicator, staff_group: str, ethnic_group: str) -> Cell | None:
        for c in self.cells:
            if (c.indicator, c.staff_group, c.ethnic_group) == (
                indicator,
                staff_group,
                ethnic_group,
            ):
                return c
        return None

    @property
    def suppressed_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.suppressed)
