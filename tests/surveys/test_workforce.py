"""Response rates and representativeness, against figures worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.headcount import NHS_DD_BROAD, Headcount
from surveys.representativeness import mix_checks
from surveys.workforce import expand, workforce_at, workforce_figures

K = 11
MONTHS = ("2026-07", "2026-08", "2026-09")
RESPONDENTS = {
    ("substantive", "white"): 200,
    ("substantive", "asian"): 40,
    ("substantive", "black"): 20,
    ("bank", "white"): 60,
    ("bank", "black"): 15,
    ("bank", "asian"): 4,  # a small group: its rate would say how many answered
}


def _heads(month: str, rows: dict[tuple[str, str], int]) -> list[Headcount]:
    return [Headcount(month, s, code, n) for (s, code), n in rows.items()]


HEADCOUNTS = _heads("2026-08", {("substantive", "A"): 1, ("bank", "A"): 1}) + _heads(
    "2026-09",
    {
        ("substantive", "A"): 700,
        ("substantive", "C"): 100,  # any other White background: still White
        ("substantive", "H"): 120,
        ("substantive", "N"): 100,
        ("bank", "A"): 150,
        ("bank", "N"): 60,
        ("bank", "J"): 20,
    },
)


def test_every_data_dictionary_code_has_a_broad_group() -> None:
    assert sorted(NHS_DD_BROAD) == list("ABCDEFGHJKLMNPRSZ")
    assert NHS_DD_BROAD["R"] == "asian"  # Chinese: grouped as the NSS groups respondents


def test_the_latest_month_in_the_period_is_the_workforce() -> None:
    as_at, units = workforce_at(HEADCOUNTS, MONTHS)
    assert as_at == "2026-09"
    assert units[("substantive", "white")] == 800
    assert units[("substantive", "bme")] == 220
    assert units[("all", "all")] == 1250
    assert workforce_at(HEADCOUNTS, ("2025-01",)) == ("", {})


def test_rates_match_hand_computed_figures() -> None:
    figures = workforce_figures(RESPONDENTS, HEADCOUNTS, MONTHS, K)
    rate = {(r.staff_group, r.ethnic_group): r for r in figures.rates}
    assert figures.as_at == "2026-09"
    assert (rate["substantive", "white"].respondents, rate["substantive", "white"].percent) == (
        200,
        25.0,
    )  # 200 / 800
    assert rate["substantive", "bme"].percent == 27.3  # 60 / 220
    assert rate["substantive", "all"].percent == 25.5  # 260 / 1020
    assert rate["all", "white"].percent == 27.4  # 260 / 950
    assert rate["bank", "white"].percent == 40.0  # 60 / 150


def test_a_rate_that_would_disclose_a_small_group_is_suppressed_with_its_shield() -> None:
    figures = workforce_figures(RESPONDENTS, HEADCOUNTS, MONTHS, K)
    rate = {(r.staff_group, r.ethnic_group): r for r in figures.rates}
    small = rate["bank", "asian"]
    assert small.suppressed and small.respondents is None and small.percent is None
    assert small.headcount == 20  # the workforce is not secret; how many answered is
    # bank BME (19) minus bank Black (15) would give the 4 back: one of them must go too.
    assert rate["bank", "bme"].suppressed or rate["bank", "black"].suppressed


def test_the_release_auditor_can_withhold_any_rate() -> None:
    allowed = {u for u in expand(RESPONDENTS) if u != ("substantive", "white")}
    figures = workforce_figures(RESPONDENTS, HEADCOUNTS, MONTHS, K, allowed)
    rate = {(r.staff_group, r.ethnic_group): r for r in figures.rates}
    assert rate["substantive", "white"].suppressed


def _units(white: int, bme: int) -> dict[tuple[str, str], int]:
    return expand({("substantive", "white"): white, ("substantive", "black"): bme})


def test_under_representation_is_named_with_the_shares_and_the_test() -> None:
    answers, workforce = _units(400, 60), _units(600, 400)
    [check, _] = mix_checks(answers, workforce, set(answers), K)
    # Expected 276 White and 184 BME of 460; chi-square = 124^2/276 + 124^2/184 = 139.3.
    assert check.p_value == pytest.approx(3.8e-32, rel=0.1)
    assert check.sentence == (
        "BME staff are under-represented among respondents: 13% of answers, "
        "40% of the workforce (p < 0.001)."
    )


def test_a_matching_mix_is_called_in_line_and_never_significant() -> None:
    answers, workforce = _units(300, 200), _units(600, 400)
    [check, _] = mix_checks(answers, workforce, set(answers), K)
    assert check.p_value == pytest.approx(1.0)
    assert "in line with the workforce" in check.sentence
    assert "no statistically significant difference" in check.sentence


def test_no_mix_check_for_a_group_whose_counts_are_withheld() -> None:
    answers, workforce = _units(400, 60), _units(600, 400)
    allowed = set(answers) - {("substantive", "bme"), ("substantive", "white")}
    assert [c.staff_group for c in mix_checks(answers, workforce, allowed, K)] == ["all"]
    # Its total withheld: the shares cannot be worked out either.
    allowed = set(answers) - {("substantive", "all")}
    assert [c.staff_group for c in mix_checks(answers, workforce, allowed, K)] == ["all"]


def test_one_withheld_part_beside_its_released_total_is_worked_out_anyway() -> None:
    answers, workforce = _units(400, 60), _units(600, 400)
    allowed = set(answers) - {("substantive", "bme")}
    checks = mix_checks(answers, workforce, allowed, K)
    assert [c.staff_group for c in checks] == ["all", "substantive"]


STAFF = ("substantive", "bank", "agency", "locum")
BROAD = ("white", "mixed", "asian", "black", "other", "not_stated")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=24, max_size=24))
def test_no_rate_is_ever_shown_for_fewer_than_k_or_recoverable_by_subtraction(
    sizes: list[int],
) -> None:
    respondents = {
        (s, b): n
        for (s, b), n in zip(((s, b) for s in STAFF for b in BROAD), sizes, strict=True)
        if n
    }
    heads = [Headcount("2026-09", s, code, 500) for s in STAFF for code in "ADHNSZ"]
    figures = workforce_figures(respondents, heads, MONTHS, K)
    shown = {(r.staff_group, r.ethnic_group): r.respondents for r in figures.rates}
    shown = {u: n for u, n in shown.items() if n is not None}
    assert all(n >= K for n in shown.values())
    # Within each staff group: all = white + bme + not stated; never exactly one part hidden
    # of a fully shown partition with the total.
    for staff in ("all", *STAFF):
        parts = [(staff, e) for e in ("white", "bme", "not_stated")]
        units = expand(respondents)
        hidden = [u for u in parts if u not in shown and units.get(u, 0) > 0]
        if (staff, "all") in shown and len(hidden) == 1:
            raise AssertionError(f"{hidden[0]} = all minus the shown parts")
