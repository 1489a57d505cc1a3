"""Intervals and tests for proportions: Wilson, Newcombe hybrid score, z / Fisher tests."""

from __future__ import annotations

import math

from scipy import stats

from surveys.report_model import Direction, IndicatorInfo

Z_95 = 1.959963984540054
Z_TEST = "two-proportion z"
FISHER_TEST = "Fisher exact"


def _wilson(count: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score interval as proportions (0..1)."""
    if n <= 0:
        raise ValueError("a proportion needs n > 0")
    if not 0 <= count <= n:
        raise ValueError(f"count {count} is outside 0..{n}")
    p = count / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    denominator = 1 + z2 / n
    # Clamp: at p = 0 or 1 rounding can push a bound a hair outside [0, 1].
    low = max(0.0, (centre - spread) / denominator)
    high = min(1.0, (centre + spread) / denominator)
    return low, high


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for count/n, in percent."""
    low, high = _wilson(count, n, z)
    return 100 * low, 100 * high


def newcombe_interval(
    c_bme: int, n_bme: int, c_white: int, n_white: int, z: float = Z_95
) -> tuple[float, float]:
    """Interval for BME minus White, in percentage points: Newcombe (1998) method 10,
    which combines the two Wilson score intervals (the "hybrid score" interval)."""
    p1, p2 = c_bme / n_bme, c_white / n_white
    l1, u1 = _wilson(c_bme, n_bme, z)
    l2, u2 = _wilson(c_white, n_white, z)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * low, 100 * high


def relative_likelihood(c_bme: int, n_bme: int, c_white: int, n_white: int) -> float | None:
    """BME rate over White rate; None when the White rate is zero (no finite ratio)."""
    if n_bme <= 0 or n_white <= 0 or c_white == 0:
        return None
    return (c_bme / n_bme) / (c_white / n_white)


def compare_proportions(c1: int, n1: int, c2: int, n2: int) -> tuple[float, str]:
    """Two-sided p-value for c1/n1 vs c2/n2 and the test used: the pooled two-proportion
    z-test, or Fisher's exact test when any expected cell count is below 5."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both proportions need n > 0")
    total = n1 + n2
    positives = c1 + c2
    expected = [n * column / total for n in (n1, n2) for column in (positives, total - positives)]
    if min(expected) < 5:
        table = [[c1, n1 - c1], [c2, n2 - c2]]
        result = stats.fisher_exact(table, alternative="two-sided")
        return float(result.pvalue), FISHER_TEST
    pooled = positives / total
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (c1 / n1 - c2 / n2) / se
    return float(2 * stats.norm.sf(abs(z))), Z_TEST


def direction_of_travel(
    info: IndicatorInfo, change_pp: float, p_value: float, alpha: float = 0.05
) -> Direction:
    """Improved / deteriorated when the change is significant at alpha, judged by whether
    a rise is good for this indicator (wres7, reporting rate) or bad (wres5, 6, 8)."""
    if p_value >= alpha or change_pp == 0:
        return Direction.NO_SIGNIFICANT_CHANGE
    rose = change_pp > 0
    return Direction.IMPROVED if rose == info.higher_is_better else Direction.DETERIORATED
