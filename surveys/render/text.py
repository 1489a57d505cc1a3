"""Plain-English words shared by every renderer (files, terminal, Slack and Teams summaries).

Written once here so that a title, a group label or the suppression explanation reads the
same wherever a report is shown.
"""

from __future__ import annotations

from surveys.report_model import Direction, Indicator

INDICATOR_TITLES: dict[Indicator, str] = {
    Indicator.WRES5: "Harassment from patients/public (WRES 5)",
    Indicator.WRES6: "Harassment from staff (WRES 6)",
    Indicator.WRES7: "Equal opportunities for progression (WRES 7)",
    Indicator.WRES8: "Discrimination from managers/colleagues (WRES 8)",
    Indicator.Q14A: "Harassment from patients/public (q14a)",
    Indicator.Q14B: "Harassment from managers (q14b)",
    Indicator.Q14C: "Harassment from other colleagues (q14c)",
    Indicator.Q14D: "Reported the last incident (q14d)",
    Indicator.Q16A: "Discrimination from patients/public (q16a)",
    Indicator.Q16C_ETHNIC: "Discrimination on grounds of ethnicity (q16c)",
}

# Short codes: spreadsheet sheet names (at most 31 characters) and narrow table columns.
INDICATOR_CODES: dict[Indicator, str] = {
    Indicator.WRES5: "WRES 5",
    Indicator.WRES6: "WRES 6",
    Indicator.WRES7: "WRES 7",
    Indicator.WRES8: "WRES 8",
    Indicator.Q14A: "q14a",
    Indicator.Q14B: "q14b",
    Indicator.Q14C: "q14c",
    Indicator.Q14D: "q14d",
    Indicator.Q16A: "q16a",
    Indicator.Q16C_ETHNIC: "q16c ethnic",
}

# Used when a report carries no IndicatorInfo of its own (docs/indicators.md#the-indicators).
DEFAULT_DEFINITIONS: dict[Indicator, tuple[str, str]] = {
    Indicator.WRES5: ("q14a answered 1-2 times or more", "q14a answered"),
    Indicator.WRES6: (
        "q14b or q14c answered 1-2 times or more (per respondent)",
        "q14b or q14c answered",
    ),
    Indicator.WRES7: ("q15 = Yes", "q15 answered Yes or No (Don't know excluded)"),
    Indicator.WRES8: ("q16b = Yes", "q16b answered"),
    Indicator.Q14A: ("q14a answered 1-2 times or more", "q14a answered"),
    Indicator.Q14B: ("q14b answered 1-2 times or more", "q14b answered"),
    Indicator.Q14C: ("q14c answered 1-2 times or more", "q14c answered"),
    Indicator.Q14D: ("q14d = Yes (self or colleague)", "q14d answered, Not applicable excluded"),
    Indicator.Q16A: ("q16a = Yes", "q16a answered"),
    Indicator.Q16C_ETHNIC: ("q16c cites ethnic background", "q16c answered"),
}

STAFF_GROUP_LABELS: dict[str, str] = {
    "all": "All staff",
    "substantive": "Substantive",
    "bank": "Bank",
    "agency": "Agency",
    "locum": "Locum",
    "student": "Students",
    "volunteer": "Volunteers",
}

ETHNIC_GROUP_LABELS: dict[str, str] = {
    "all": "All",
    "white": "White",
    "bme": "BME",
    "not_stated": "Not stated",
    "mixed": "Mixed",
    "asian": "Asian",
    "black": "Black",
    "other": "Other",
}

GROUP_LABELS: dict[str, dict[str, str]] = {
    "staff_group": STAFF_GROUP_LABELS,
    "ethnic_group": ETHNIC_GROUP_LABELS,
}

DIRECTION_WORDS: dict[str, str] = {
    Direction.IMPROVED: "improved",
    Direction.DETERIORATED: "deteriorated",
    Direction.NO_SIGNIFICANT_CHANGE: "no significant change",
}

# For narrow places (terminal tables, chat summaries).
DIRECTION_SHORT: dict[str, str] = {
    Direction.IMPROVED: "improved",
    Direction.DETERIORATED: "worse",
    Direction.NO_SIGNIFICANT_CHANGE: "not sig.",
}

GAP_HEADING = "Gap (BME − White)"
RELATIVE_LIKELIHOOD_HEADING = "Relative likelihood (BME ÷ White)"

METHOD_NOTES: tuple[str, ...] = (
    "Percentages are the numerator divided by the denominator of each indicator, "
    "as in the NHS Staff Survey WRES calculation; skipped questions are left out.",
    "95% confidence intervals: Wilson score interval for each percentage; "
    "Newcombe hybrid (Wilson) interval for the BME − White gap.",
    "Changes against a previous period or the published baseline use a two-sided "
    "two-proportion z-test, or Fisher's exact test when an expected count is below 5, "
    "at α = 0.05.",
    "Direction of travel: for WRES 7 a rise is an improvement; for WRES 5, 6 and 8 a fall is. "
    "A change that is not significant at α = 0.05 is reported as no significant change.",
    "BME: Mixed, Asian, Black and Other ethnic groups together. People who did not state "
    "their ethnicity count in the all-staff figure only.",
)


def staff_label(key: str) -> str:
    return STAFF_GROUP_LABELS.get(key, key.replace("_", " ").capitalize())


def ethnic_label(key: str) -> str:
    return ETHNIC_GROUP_LABELS.get(key, key.replace("_", " ").capitalize())


def direction_word(direction: str) -> str:
    return DIRECTION_WORDS.get(direction, direction.replace("_", " "))


def suppressed_text(k: int) -> str:
    # Not "fewer than k": a cell hidden to protect another (complementary suppression)
    # may hold more, and saying which cells are small would itself narrow them down.
    return "suppressed"


def suppression_explanation(k: int) -> str:
    return (
        f"To protect anonymity, a figure is suppressed when fewer than {k} people answered, "
        "or when showing it would let someone work out a suppressed figure by subtraction "
        "(complementary suppression). Suppressed figures are left out of every format."
    )


def disclosure_notes(k: int) -> tuple[str, ...]:
    return (
        f"Minimum group size k = {k}: any group with fewer than {k} responses is suppressed.",
        "Complementary suppression: within any set of groups that add up to a total "
        "(White + BME + not stated = all; Mixed + Asian + Black + Other = BME; "
        "staff groups = all staff), when one part is suppressed, or the suppressed parts "
        f"together hold fewer than {k}, the next-smallest part is suppressed too.",
        "Every figure ever released is recorded. A figure is hidden when, set against "
        "the others in this report or in earlier reports (for example a quarter minus "
        f"two of its months), it would let someone work out a group of fewer than {k}; "
        "the cell then says which earlier report it would be set against.",
        "Every report has the same cells: a group nobody answered looks exactly like a "
        f"group fewer than {k} answered.",
    )


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}%"


def fmt_ci(low: float | None, high: float | None, digits: int = 1) -> str:
    if low is None or high is None:
        return "–"
    return f"{low:.{digits}f}–{high:.{digits}f}%"


def fmt_pp(value: float | None, digits: int = 1) -> str:
    """Signed percentage points with a true minus sign, e.g. "+0.5 pp", "−3.9 pp"."""
    if value is None:
        return "–"
    text = f"{value:+.{digits}f}".replace("-", "−")
    return f"{text} pp"


def fmt_p(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
