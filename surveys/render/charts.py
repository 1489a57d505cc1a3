"""Small, accessible SVG charts for the HTML report, drawn headless with matplotlib.

Figures are built with the object API (no pyplot), so no GUI backend or global figure
registry is involved. Meaning never rests on colour alone: a suppressed group is an empty
slot with the word "suppressed" (never a bar, which would read as data), White and BME
differ in position, marker shape and line style, and every SVG carries a <title> and a
<desc> that states its figures in words. Figures are drawn about as wide as the report's
column (the HTML stretches them to 100%), with text at 12 units, so on screen no label is
smaller than 12 px.
"""

from __future__ import annotations

import io
import math
from html import escape
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.typing import RcKeyType

from surveys.render.chart_data import Series, bar_series, trend_series
from surveys.render.text import INDICATOR_TITLES, ethnic_label
from surveys.report_model import Indicator, Report

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
COLOURS = {"white": "#0072B2", "bme": "#E69F00"}
MARKERS = {"white": "o", "bme": "s"}
LINESTYLES = {"white": "-", "bme": "--"}
INK = "#222222"
MUTED = "#595959"
FONT = 12
# Inches: 9.6 in is 691 SVG units, a little under the 976 px column the page gives it.
WIDTH = 9.6
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.size": FONT,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT,
    "ytick.labelsize": FONT,
    "axes.edgecolor": INK,
}


def _svg(fig: Figure, salt: str, title: str, desc: str) -> str:
    """SVG text without the XML prolog, ids prefixed so several can share one HTML page."""
    buffer = io.StringIO()
    rc: dict[RcKeyType, Any] = {**RC, "svg.hashsalt": salt}
    with matplotlib.rc_context(rc):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # The RDF metadata block only names matplotlib; drop it to keep the page free of URLs.
    if "<metadata>" in svg:
        svg = svg[: svg.index("<metadata>")] + svg[svg.index("</metadata>") + 11 :]
    for old, new in ((' id="', ' id="{}-'), ("url(#", "url(#{}-"), ('href="#', 'href="#{}-')):
        svg = svg.replace(old, new.format(salt))
    end = svg.index(">") + 1
    opening = svg[:end].replace(
        "<svg ", f'<svg role="img" aria-labelledby="{salt}-title {salt}-desc" ', 1
    )
    described = f'<title id="{salt}-title">{escape(title)}</title><desc id="{salt}-desc">'
    return f"{opening}{described}{escape(desc)}</desc>{svg[end:]}"


def _style_axes(ax: Axes, top: float) -> None:
    ax.set_ylim(0, top)
    ax.set_ylabel("% of respondents")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)


def _top(values: list[float]) -> float:
    return min(100.0, max(10.0, math.ceil(max(values, default=0) * 1.2 / 10) * 10))


def _legend(ax: Axes, extra: list[Patch | Line2D]) -> None:
    handles: list[Patch | Line2D] = [
        Patch(facecolor=COLOURS[g], edgecolor=INK, label=ethnic_label(g)) for g in COLOURS
    ]
    ax.legend(
        handles=handles + extra,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=len(handles) + len(extra),
        frameon=False,
        fontsize=FONT,
    )


def _bar(ax: Axes, x: float, width: float, group: str, series: Series, i: int) -> None:
    pct, low, high = series.percent[i], series.ci_low[i], series.ci_high[i]
    ax.bar(x, pct, width, color=COLOURS[group], edgecolor=INK, linewidth=0.5)
    ax.errorbar(x, pct, yerr=[[pct - low], [high - pct]], fmt="none", ecolor=INK, capsize=4)
    ax.text(x, high + 1, f"{pct:.0f}%", ha="center", va="bottom", fontsize=FONT, color=INK)


def _suppressed_slot(ax: Axes, x: float, top: float) -> None:
    # Words only, sat on the axis: a drawn shape of any height would read as a figure.
    ax.text(x, top * 0.02, "suppressed", rotation=90, ha="center", va="bottom", color=MUTED)


def bars_figure(report: Report, indicator: Indicator) -> Figure:
    """White and BME percentages with 95% CI whiskers for each staff group."""
    with matplotlib.rc_context(RC):  # text sizes are fixed when artists are created
        return _bars_figure(report, indicator)


def _bars_figure(report: Report, indicator: Indicator) -> Figure:
    chart = bar_series(report, indicator)
    top = _top(chart.highest)
    fig = Figure(figsize=(WIDTH, 4.2))
    ax = fig.add_subplot()
    width = 0.38
    for offset, series in zip((-width / 2, width / 2), chart.series, strict=True):
        for i, state in enumerate(series.state):
            x = i + offset
            if state == "shown":
                _bar(ax, x, width, series.group, series, i)
            elif state == "suppressed":
                _suppressed_slot(ax, x, top)
            baseline = series.baseline[i]
            if baseline is not None:
                ax.plot(x, baseline, "D", color="black", mec="white", ms=8)
    ax.set_xticks(range(len(chart.labels)), chart.labels)
    _style_axes(ax, top)
    extra: list[Patch | Line2D] = []
    if chart.baseline_label:
        extra.append(
            Line2D([], [], marker="D", color="black", ms=8, ls="", label=chart.baseline_label)
        )
    _legend(ax, extra)
    return fig


def trend_figure(report: Report, indicator: Indicator) -> Figure:
    """White and BME percentages across the trend periods, with 95% CI bands."""
    with matplotlib.rc_context(RC):
        return _trend_figure(report, indicator)


def _trend_figure(report: Report, indicator: Indicator) -> Figure:
    chart = trend_series(report, indicator)
    top = _top(chart.highest)
    fig = Figure(figsize=(WIDTH, 3.8))
    ax = fig.add_subplot()
    xs = list(range(len(chart.labels)))
    for series in chart.series:
        colour, group = COLOURS[series.group], series.group
        ax.fill_between(xs, series.ci_low, series.ci_high, color=colour, alpha=0.18, lw=0)
        ax.plot(xs, series.percent, color=colour, marker=MARKERS[group], ls=LINESTYLES[group])
        for x, state in zip(xs, series.state, strict=True):
            if state == "suppressed":
                label = f"{ethnic_label(group)} suppressed"
                y = top * (0.92 if group == "white" else 0.82)
                ax.text(x, y, label, ha="center", fontsize=FONT, color=INK, bbox=LABEL_BOX)
    ax.set_xticks(xs, chart.labels)
    _style_axes(ax, top)
    handles = [
        Line2D([], [], color=COLOURS[g], marker=MARKERS[g], ls=LINESTYLES[g], label=ethnic_label(g))
        for g in COLOURS
    ]
    band = Patch(facecolor="#999999", alpha=0.3, label="95% CI")
    ax.legend(
        handles=[*handles, band],
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=3,
        frameon=False,
        fontsize=FONT,
    )
    return fig


def indicator_bars(report: Report, indicator: Indicator) -> str:
    """The bar chart as SVG text, ready to inline in HTML or save as a .svg file."""
    title = f"{INDICATOR_TITLES[indicator]}: White and BME by staff group, {report.period}"
    description = bar_series(report, indicator).description
    return _svg(bars_figure(report, indicator), f"{indicator}-bars", title, description)


def trend_lines(report: Report, indicator: Indicator) -> str:
    """The trend chart as SVG text; breaks in a line mark suppressed periods."""
    title = f"{INDICATOR_TITLES[indicator]}: White and BME over time"
    description = trend_series(report, indicator).description
    return _svg(trend_figure(report, indicator), f"{indicator}-trend", title, description)
