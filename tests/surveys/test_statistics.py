"""Intervals and tests against published values."""

from __future__ import annotations

import pytest
from scipy import stats

from surveys.indicators import INDICATOR_INFO
from surveys.report_model import Direction, Indicator
from surveys.statistics import (
    FISHER_TEST,
    Z_TEST,
    compare_proportions,
    direction_of_travel,
    newcombe_interval,
    relative_likelihood,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        # Newcombe (1998) "Two-sided confidence intervals for the single proportion", Table I.
        (81, 263, 25.53, 36.62),
        (15, 148, 6.24, 16.05),
        (0, 20, 0.0, 16.11),
        (1, 29, 0.61, 17.18),
        # LPT WRES 2019/20 indicator 5, BME (docs/indicators.md#report-json).
        (102, 435, 19.71, 27.65),
    ],
)
def test_wilson_interval(count: int, n: int, low: float, high: float) -> None:
    result = wilson_interval(count, n)
    assert result == pytest.approx((low, high), abs=0.006)


def test_wilson_interval_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


@pytest.mark.parametrize(
    ("c1", "n1", "c2", "n2", "low", "high"),
    [
        # Newcombe (1998) "Interval estimation for the difference between independent
        # proportions", Table II, method 10 (hybrid score), as proportions.
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (0, 10, 0, 10, -0.2775, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0),
        (10, 10, 0, 10, 0.6075, 1.0),
    ],
)
def test_newcombe_interval(c1: int, n1: int, c2: int, n2: int, low: float, high: float) -> None:
    result = newcombe_interval(c1, n1, c2, n2)
    assert result == pytest.approx((100 * low, 100 * high), abs=0.006)


def test_relative_likelihood() -> None:
    assert relative_likelihood(20, 100, 10, 100) == pytest.approx(2.0)
    assert relative_likelihood(5, 50, 0, 80) is None


def test_z_test_matches_uncorrected_chi_square() -> None:
    p_value, test = compare_proportions(102, 435, 400, 1876)
    chi2 = stats.chi2_contingency([[102, 333], [400, 1476]], correction=False)
    assert test == Z_TEST
    assert p_value == pytest.approx(chi2.pvalue, rel=1e-9)


def test_fisher_when_an_expected_count_is_small() -> None:
    p_value, test = compare_proportions(3, 4, 1, 4)
    assert test == FISHER_TEST
    assert p_value == pytest.approx(0.4857, abs=1e-4)  # the tea-tasting table


def test_direction_of_travel() -> None:
    wres5, wres7 = INDICATOR_INFO[Indicator.WRES5], INDICATOR_INFO[Indicator.WRES7]
    assert direction_of_travel(wres5, -3.0, 0.01) is Direction.IMPROVED
    assert direction_of_travel(wres5, 3.0, 0.01) is Direction.DETERIORATED
    assert direction_of_travel(wres7, 3.0, 0.01) is Direction.IMPROVED
    assert direction_of_travel(wres7, -3.0, 0.01) is Direction.DETERIORATED
    assert direction_of_travel(wres7, 3.0, 0.05) is Direction.NO_SIGNIFICANT_CHANGE
    assert direction_of_travel(wres5, 0.0, 0.0) is Direction.NO_SIGNIFICANT_CHANGE
