"""Are the respondents like the workforce? A chi-square goodness-of-fit test of the
respondents' White / BME / not-stated mix against the headcount's, per staff group."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from scipy.stats import chisquare

from surveys.report_model import STAFF_GROUPS_REPORTED

Unit = tuple[str, str]
MIX = ("white", "bme", "not_stated")
ALPHA = 0.05


@dataclass(frozen=True, slots=True)
class MixCheck:
    staff_group: str
    answers_share: dict[str, float]  # percent of respondents in each of MIX
    workforce_share: dict[str, float]  # percent of the headcount in each of MIX
    p_value: float | None  # None: too few expected in some group for the test
    sentence: str


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


GROUP_WORDS = {
    "white": "White {}",
    "bme": "BME {}",
    "not_stated": "{} who did not state an ethnicity",
}


def _sentence(
    staff: str, answers: dict[str, float], workforce: dict[str, float], p: float | None, most: str
) -> str:
    label = "staff" if staff == "all" else f"{staff} staff"
    pool = "the workforce" if staff == "all" else f"the {staff} workforce"
    group = GROUP_WORDS[most].format(label)
    figures = f"{answers[most]:.0f}% of answers, {workforce[most]:.0f}% of {pool}"
    if p is None:
        return f"Too few {label} answered to test whether they match {pool} ({figures})."
    if p >= ALPHA:
        return (
            f"The ethnic mix of {label} who answered is in line with {pool}: {group} are "
            f"{figures} (no statistically significant difference, p = {p:.2f})."
        )
    word = "under-represented" if answers[most] < workforce[most] else "over-represented"
    shown = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return f"{group[0].upper()}{group[1:]} are {word} among respondents: {figures} ({shown})."


def mix_checks(
    respondents: Mapping[Unit, int], workforce: Mapping[Unit, int], allowed: Set[Unit], k: int
) -> list[MixCheck]:
    """One check per staff group whose respondent counts are all releasable (the shares
    reveal them) and whose workforce is loaded."""
    checks = []
    for staff in STAFF_GROUPS_REPORTED:
        units = [(staff, g) for g in ("all", *MIX)]
        answered = [respondents.get(u, 0) for u in units]
        heads = [workforce.get(u, 0) for u in units]
        if heads[0] <= 0 or answered[0] < k:
            continue
        hidden = [u for u in units if u not in allowed]
        # A total with all its parts but one released gives that part away anyway (a
        # hidden "not stated" of none is the usual case): it may be used.
        if len(hidden) == 1 and hidden[0] != units[0]:
            hidden = []
        if hidden or any(0 < n < k for n in answered):
            continue
        total, head_total = answered[0], heads[0]
        answers = {g: _pct(n, total) for g, n in zip(MIX, answered[1:], strict=True)}
        shares = {g: _pct(h, head_total) for g, h in zip(MIX, heads[1:], strict=True)}
        kept = [i for i, h in enumerate(heads[1:]) if h > 0]
        expected = [total * heads[1 + i] / head_total for i in kept]
        p_value: float | None = None
        most = "bme"  # the group named when nothing stands out
        if len(kept) >= 2 and min(expected) >= 5:
            observed = [answered[1 + i] for i in kept]
            scale = sum(observed) / sum(expected)  # respondents outside the headcount's groups
            expected = [e * scale for e in expected]
            p_value = float(chisquare(observed, expected).pvalue)
            if p_value < ALPHA:  # name the group that departs most from its expected count
                residuals = [(o - e) / e**0.5 for o, e in zip(observed, expected, strict=True)]
                most = MIX[kept[max(range(len(kept)), key=lambda j: abs(residuals[j]))]]
        sentence = _sentence(staff, answers, shares, p_value, most)
        checks.append(MixCheck(staff, answers, shares, p_value, sentence))
    return checks
