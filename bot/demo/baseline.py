"""A published annual baseline for the synthetic trust, as an EDI team would load it."""

from __future__ import annotations

from surveys.report_model import BaselineFigure, Indicator

# The synthetic trust's "NSS" figures for substantive staff (percent, n).
_FIGURES: dict[Indicator, dict[str, tuple[float, int]]] = {
    Indicator.WRES5: {"white": (26.1, 1510), "bme": (29.4, 520)},
    Indicator.WRES6: {"white": (21.0, 1512), "bme": (27.8, 519)},
    Indicator.WRES7: {"white": (86.9, 1101), "bme": (68.2, 388)},
    Indicator.WRES8: {"white": (6.2, 1505), "bme": (15.1, 517)},
}


def demo_baseline(year: int) -> list[BaselineFigure]:
    return [
        BaselineFigure(year, indicator, "substantive", group, percent, n)
        for indicator, groups in _FIGURES.items()
        for group, (percent, n) in groups.items()
    ]
