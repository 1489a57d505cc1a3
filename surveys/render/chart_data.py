"""The numbers behind each chart, and the same numbers in words for the SVG <desc>."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from surveys.render.tables import latest_baseline, staff_groups_in
from surveys.render.text import ethnic_label, fmt_ci, fmt_pct, staff_label
from surveys.report_model import Indicator, Report

NAN = math.nan


@dataclass(slots=True)
class Series:
    """One ethnic group's points; state is "shown", "suppressed" or "missing" per point."""

    group: str
    state: list[str] = field(default_factory=list)
    percent: list[float] = field(default_factory=list)
    ci_low: list[float] = field(default_factory=list)
    ci_high: list[float] = field(default_factory=list)
    baseline: list[float | None] = field(default_factory=list)

    def add(
        self,
        suppressed: bool | None,
        figures: tuple[float | None, float | None, float | None] = (None, None, None),
    ) -> str:
        """Append a point (suppressed None = no such cell); returns its words for <desc>."""
        pct, low, high = figures
        if suppressed or suppressed is None or pct is None or low is None or high is None:
            self.state.append("suppressed" if suppressed else "missing")
            self.percent.append(NAN)
            self.ci_low.append(NAN)
            self.ci_high.append(NAN)
            return f"{ethnic_label(self.group)} {'suppressed' if suppressed else 'no data'}"
        self.state.append("shown")
        self.percent.append(pct)
        self.ci_low.append(low)
        self.ci_high.append(high)
        words = f"{fmt_pct(pct)} (95% CI {fmt_ci(low, high)})"
        return f"{ethnic_label(self.group)} {words}"


@dataclass(slots=True)
class ChartData:
    labels: list[str]
    series: tuple[Series, Series]
    description: str
    baseline_label: str = ""

    @property
    def highest(self) -> list[float]:
        values = [v for s in self.series for v in s.ci_high if not math.isnan(v)]
        return values + [b for s in self.series for b in s.baseline if b is not None]


def bar_series(report: Report, indicator: Indicator) -> ChartData:
    groups = staff_groups_in(report, indicator)
    series = (Series("white"), Series("bme"))
    sentences = [f"Percentage of respondents in {report.period}, by staff group."]
    years: set[int] = set()
    marks = []
    for staff in groups:
        words = []
        for s in series:
            cell = report.cell(indicator, staff, s.group)
            suppressed = None if cell is None else cell.suppressed
            figures = (
                (None, None, None) if cell is None else (cell.percent, cell.ci_low, cell.ci_high)
            )
            words.append(s.add(suppressed, figures))
            base = latest_baseline(report, indicator, staff, s.group)
            s.baseline.append(None if base is None else base.percent)
            if base is not None:
                years.add(base.survey_year)
                marks.append(
                    f"{staff_label(staff)} {ethnic_label(s.group)} {fmt_pct(base.percent)}"
                )
        sentences.append(f"{staff_label(staff)}: {', '.join(words)}.")
    label = f"NSS {max(years)} baseline" if years else ""
    if marks:
        sentences.append(f"Diamond markers show the {label}: {'; '.join(marks)}.")
    return ChartData([staff_label(g) for g in groups], series, " ".join(sentences), label)


def trend_series(report: Report, indicator: Indicator) -> ChartData:
    staff = report.staff_group_filter
    points = {
        (p.period, p.ethnic_group): p
        for p in report.trend
        if p.indicator == indicator and p.staff_group == staff
    }
    periods = list(dict.fromkeys(period for period, _ in points))
    if report.period not in periods:
        periods.append(report.period)
    series = (Series("white"), Series("bme"))
    sentences = [f"{staff_label(staff)}, percentage of respondents by period."]
    for period in periods:
        words = []
        for s in series:
            point = points.get((period, s.group))
            if point is not None:
                figures = (point.percent, point.ci_low, point.ci_high)
                words.append(s.add(point.suppressed, figures))
                continue
            cell = report.cell(indicator, staff, s.group) if period == report.period else None
            if cell is None:
                words.append(s.add(None))
            else:
                words.append(s.add(cell.suppressed, (cell.percent, cell.ci_low, cell.ci_high)))
        sentences.append(f"{period}: {', '.join(words)}.")
    return ChartData(periods, series, " ".join(sentences))
