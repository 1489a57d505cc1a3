"""A realistic Report built by hand, for renderer and summary tests.

Counts are invented but consistent (all = White + BME + not stated; BME = its broad groups;
all staff = the staff groups), with Wilson intervals, Newcombe gaps, primary and
complementary suppression at k = 11, comparisons, three trend periods and NSS baselines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from surveys.render.text import INDICATOR_TITLES
from surveys.report_model import (
    BaselineFigure,
    Cell,
    Comparison,
    Direction,
    Gap,
    Indicator,
    IndicatorInfo,
    Report,
    TrendPoint,
)

K = 11
PERIOD = "2026-Q3"
BROAD = ("white", "mixed", "asian", "black", "other", "not_stated")
# Respondents per staff group and broad ethnic group (before each indicator's denominator).
BASE_N: dict[str, tuple[int, ...]] = {
    "substantive": (1200, 40, 180, 150, 25, 60),
    "bank": (210, 14, 45, 60, 12, 15),
    "agency": (30, 3, 9, 14, 2, 9),
    "locum": (24, 1, 14, 9, 1, 3),
}
# Share of respondents in each denominator, and White / BME rates.
INDICATORS: dict[Indicator, tuple[float, float, float, str, str, bool]] = {
    Indicator.WRES5: (1.0, 0.25, 0.29, "q14a 1-2 times or more", "q14a answered", False),
    Indicator.WRES6: (1.0, 0.22, 0.30, "q14b or q14c 1-2 times or more", "either answered", False),
    Indicator.WRES7: (0.7, 0.58, 0.44, "q15 = Yes", "q15 Yes or No", True),
    Indicator.WRES8: (0.98, 0.06, 0.15, "q16b = Yes", "q16b answered", False),
    Indicator.Q14A: (1.0, 0.25, 0.29, "q14a 1-2 times or more", "q14a answered", False),
    Indicator.Q14D: (0.27, 0.45, 0.38, "q14d = Yes", "q14d answered", True),
}


def wilson(count: int, n: int) -> tuple[float, float]:
    z, p = 1.959964, count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


BME_PARTS = ("mixed", "asian", "black", "other")
WRES_PARTS = ("white", "bme", "not_stated")
Key = tuple[str, str]


def _sum(pairs: Iterable[tuple[int, int]]) -> tuple[int, int]:
    n = count = 0
    for a, b in pairs:
        n, count = n + a, count + b
    return n, count


def _counts(indicator: Indicator) -> dict[Key, tuple[int, int]]:
    share, white_rate, bme_rate = INDICATORS[indicator][:3]
    out: dict[Key, tuple[int, int]] = {}
    for staff, ns in BASE_N.items():
        for group, base in zip(BROAD, ns, strict=True):
            n = max(1, round(base * share))
            rate = white_rate if group in ("white", "not_stated") else bme_rate
            out[staff, group] = (n, round(n * rate))
    for group in BROAD:
        out["all", group] = _sum(out[s, group] for s in BASE_N)
    for staff in (*BASE_N, "all"):
        out[staff, "bme"] = _sum(out[staff, g] for g in BME_PARTS)
        out[staff, "all"] = _sum(out[staff, g] for g in WRES_PARTS)
    return out


def _partitions() -> list[tuple[Key, list[Key]]]:
    staff = (*BASE_N, "all")
    parts: list[tuple[Key, list[Key]]] = []
    for s in staff:
        parts.append(((s, "all"), [(s, g) for g in WRES_PARTS]))
        parts.append(((s, "bme"), [(s, g) for g in BME_PARTS]))
    for g in (*BROAD, "bme", "all"):
        parts.append((("all", g), [(s, g) for s in BASE_N]))
    return parts


def _suppress(counts: dict[Key, tuple[int, int]]) -> set[Key]:
    """Primary (n < K) then complementary suppression over every partition, to a fixpoint."""
    hidden = {key for key, (n, _) in counts.items() if n < K}
    changed = True
    while changed:
        changed = False
        for total, part in _partitions():
            gone = [c for c in part if c in hidden]
            if total in hidden or not gone:
                continue
            if len(gone) == 1 or sum(counts[c][0] for c in gone) < K:
                shown = sorted((c for c in part if c not in hidden), key=lambda c: counts[c][0])
                if shown:
                    hidden.add(shown[0])
                    changed = True
    return hidden


def _cells(indicator: Indicator) -> list[Cell]:
    counts = _counts(indicator)
    hidden = _suppress(counts)
    cells = []
    for staff in ("all", *BASE_N):
        for group in ("all", "white", "bme", "not_stated", *BME_PARTS):
            n, count = counts[staff, group]
            if (staff, group) in hidden:
                cells.append(Cell(indicator, staff, group, suppressed=True))
                continue
            low, high = wilson(count, n)
            pct = 100 * count / n
            cells.append(Cell(indicator, staff, group, False, n, count, pct, low, high))
    return cells


def _gap(indicator: Indicator, white: Cell, bme: Cell) -> Gap:
    """Newcombe hybrid score interval for BME - White."""
    assert white.percent is not None and bme.percent is not None
    assert white.ci_low is not None and white.ci_high is not None
    assert bme.ci_low is not None and bme.ci_high is not None
    d = bme.percent - white.percent
    low = d - math.hypot(bme.percent - bme.ci_low, white.ci_high - white.percent)
    high = d + math.hypot(bme.ci_high - bme.percent, white.percent - white.ci_low)
    ratio = bme.percent / white.percent if white.percent else None
    return Gap(indicator, white.staff_group, d, low, high, ratio)


def _gaps(cells: list[Cell]) -> list[Gap]:
    by_key = {(c.indicator, c.staff_group, c.ethnic_group): c for c in cells}
    gaps = []
    for (indicator, staff, group), white in by_key.items():
        bme = by_key.get((indicator, staff, "bme"))
        if group == "white" and bme and not white.suppressed and not bme.suppressed:
            gaps.append(_gap(indicator, white, bme))
    return gaps


def _comparisons() -> list[Comparison]:
    same = Direction.NO_SIGNIFICANT_CHANGE
    rows = [
        (Indicator.WRES5, "white", "2026-Q2", -0.8, 0.52, same),
        (Indicator.WRES5, "bme", "2026-Q2", -1.9, 0.47, same),
        (Indicator.WRES6, "bme", "2026-Q2", 4.6, 0.031, Direction.DETERIORATED),
        (Indicator.WRES6, "white", "2026-Q2", 0.4, 0.71, same),
        (Indicator.WRES7, "bme", "2026-Q2", 5.2, 0.044, Direction.IMPROVED),
        (Indicator.WRES7, "white", "2026-Q2", -0.3, 0.86, same),
        (Indicator.WRES8, "bme", "2025 (NSS baseline)", -2.1, 0.0004, Direction.IMPROVED),
        (Indicator.WRES8, "white", "2025 (NSS baseline)", 0.2, 0.83, same),
    ]
    return [
        Comparison(i, "all", g, against, change, p, d, "two-proportion z")
        for i, g, against, change, p, d in rows
    ]


def _trend() -> list[TrendPoint]:
    points = []
    for offset, period in enumerate(("2025-Q4", "2026-Q1", "2026-Q2")):
        for indicator in (Indicator.WRES5, Indicator.WRES6, Indicator.WRES7, Indicator.WRES8):
            _, white_rate, bme_rate = INDICATORS[indicator][:3]
            for group, rate in (("white", white_rate), ("bme", bme_rate)):
                if (period, indicator, group) == ("2026-Q1", Indicator.WRES8, "bme"):
                    # A small pilot round: too few BME answers to release.
                    points.append(TrendPoint(period, indicator, "all", group, suppressed=True))
                    continue
                pct = 100 * rate + 1.5 * (offset - 1)
                points.append(
                    TrendPoint(period, indicator, "all", group, False, pct, pct - 3.1, pct + 3.3)
                )
    return points


def _baseline() -> list[BaselineFigure]:
    figures = []
    for indicator in (Indicator.WRES5, Indicator.WRES6, Indicator.WRES7, Indicator.WRES8):
        _, white_rate, bme_rate = INDICATORS[indicator][:3]
        for staff in ("all", "substantive"):
            figures.append(
                BaselineFigure(2025, indicator, staff, "white", 100 * white_rate - 1, 1876)
            )
            figures.append(BaselineFigure(2025, indicator, staff, "bme", 100 * bme_rate + 2, 435))
    return figures


def sample_indicators() -> tuple[IndicatorInfo, ...]:
    return tuple(
        IndicatorInfo(i, INDICATOR_TITLES[i], num, den, better, i.value.startswith("wres"))
        for i, (_, _, _, num, den, better) in INDICATORS.items()
    )


def sample_report() -> Report:
    """WRES 5-8 plus q14a and q14d, four staff groups, k = 11, period 2026-Q3."""
    cells = [c for indicator in INDICATORS for c in _cells(indicator)]
    return Report(
        period=PERIOD,
        generated_at="2026-10-01T09:00:00Z",
        min_group_size=K,
        recall="12 months",
        cells=tuple(cells),
        gaps=tuple(_gaps(cells)),
        comparisons=tuple(_comparisons()),
        trend=tuple(_trend()),
        baseline=tuple(_baseline()),
        notes=(
            "Bank, agency and locum staff are not in the national NHS Staff Survey: "
            "their rows have no national comparator.",
            "The 2026-Q3 figures pool the July, August and September rounds.",
        ),
        indicators=sample_indicators(),
    )
