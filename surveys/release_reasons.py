"""Why a figure was held back, in the words an EDI team uses (never internal ids)."""

from __future__ import annotations

from collections.abc import Mapping

from surveys.release_audit import Decision, Figure, Reason
from surveys.render.text import INDICATOR_CODES, ethnic_label, staff_label
from surveys.report_model import Indicator

RESPONSES_NAME = "responses"


def released_on(decision: Decision) -> str:
    against = decision.against
    if against is None:
        return "an earlier release"
    moment = against.released_at
    return f"the {against.label} released on {moment.day} {moment:%b %Y}"


def reason_text(decision: Decision, k: int) -> str:
    """One short phrase: 'fewer than 11 answered', and so on."""
    if decision.reason is Reason.TOO_FEW:
        return f"fewer than {k} answered"
    if decision.reason is Reason.COMPLEMENTARY:
        return "hidden so that another figure cannot be worked out"
    if decision.reason is Reason.HISTORY:
        return f"would reveal a group when set against {released_on(decision)}"
    return "released"


def figure_name(figure: Figure) -> str:
    """'WRES 8, Bank, Black (2026-Q3)'."""
    try:
        indicator = INDICATOR_CODES[Indicator(figure.indicator)]
    except ValueError:
        indicator = "Responses" if figure.indicator == RESPONSES_NAME else figure.indicator
    staff, ethnic = staff_label(figure.staff_group), ethnic_label(figure.ethnic_group)
    return f"{indicator}, {staff}, {ethnic} ({figure.scope.label})"


def reason_counts(decisions: Mapping[Figure, Decision]) -> dict[str, int]:
    """How many figures were held back for each reason (released ones not counted)."""
    counts = {reason.value: 0 for reason in Reason if reason is not Reason.RELEASED}
    for decision in decisions.values():
        if not decision.released:
            counts[decision.reason.value] += 1
    return counts
