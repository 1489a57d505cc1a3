"""WRES indicators 5-8 and the supplementary rows: who is in each denominator and numerator.

Each indicator is a pair of boolean masks over the decoded frame, computed in bulk.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from surveys.report_model import Indicator, IndicatorInfo

Masks = tuple[np.ndarray, np.ndarray]  # (answered, positive), one bool per respondent

_HARASSMENT = "experienced harassment, bullying or abuse at least once (1-2 times or more)"
_FREQUENCY_DENOMINATOR = "Respondents who answered {qid} (any option, Never to More than 10)"


def _info(
    indicator: Indicator, title: str, numerator: str, denominator: str, *, higher: bool = False
) -> IndicatorInfo:
    is_wres = indicator.value.startswith("wres")
    return IndicatorInfo(indicator, title, numerator, denominator, higher, is_wres)


INDICATOR_INFO: dict[Indicator, IndicatorInfo] = {
    i.indicator: i
    for i in (
        _info(
            Indicator.WRES5,
            "Harassment, bullying or abuse from patients, relatives or the public",
            f"Respondents who {_HARASSMENT} from patients, relatives or the public (q14a)",
            "Respondents who answered q14a",
        ),
        _info(
            Indicator.WRES6,
            "Harassment, bullying or abuse from staff",
            f"Respondents who {_HARASSMENT} from managers (q14b) or from other colleagues "
            "(q14c), or both; each person is counted once",
            "Respondents who answered at least one of q14b and q14c",
        ),
        _info(
            Indicator.WRES7,
            "Believing the organisation provides equal opportunities for career progression "
            "or promotion",
            "Respondents who answered Yes to q15",
            "Respondents who answered Yes or No to q15 (Don't know is left out, "
            "as in the national WRES)",
            higher=True,
        ),
        _info(
            Indicator.WRES8,
            "Discrimination at work from a manager, team leader or other colleagues",
            "Respondents who answered Yes to q16b",
            "Respondents who answered q16b",
        ),
        _info(
            Indicator.Q14A,
            "Harassment, bullying or abuse from patients, relatives or the public (q14a)",
            f"Respondents who {_HARASSMENT} from patients, relatives or the public",
            _FREQUENCY_DENOMINATOR.format(qid="q14a"),
        ),
        _info(
            Indicator.Q14B,
            "Harassment, bullying or abuse from managers (q14b)",
            f"Respondents who {_HARASSMENT} from managers",
            _FREQUENCY_DENOMINATOR.format(qid="q14b"),
        ),
        _info(
            Indicator.Q14C,
            "Harassment, bullying or abuse from other colleagues (q14c)",
            f"Respondents who {_HARASSMENT} from other colleagues",
            _FREQUENCY_DENOMINATOR.format(qid="q14c"),
        ),
        _info(
            Indicator.Q14D,
            "Last incident of harassment, bullying or abuse was reported (q14d)",
            "Respondents who said they or a colleague reported it",
            "Respondents who answered Yes (either option) or No to q14d; Don't know and "
            "Not applicable are left out",
            higher=True,  # a higher reporting rate is the aim
        ),
        _info(
            Indicator.Q16A,
            "Discrimination at work from patients, relatives or the public (q16a)",
            "Respondents who answered Yes to q16a",
            "Respondents who answered q16a",
        ),
        _info(
            Indicator.Q16C_ETHNIC,
            "Discrimination on grounds of ethnic background (q16c)",
            "Respondents who ticked Ethnic background among the grounds",
            "Respondents who ticked at least one ground in q16c (asked after a Yes to "
            "q16a or q16b)",
        ),
    )
}
INDICATORS: tuple[Indicator, ...] = tuple(INDICATOR_INFO)


def _col(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy()


def _frequency(frame: pd.DataFrame, qid: str) -> Masks:
    codes = _col(frame, qid)
    return (codes >= 1) & (codes <= 5), (codes >= 2) & (codes <= 5)


def _wres6(frame: pd.DataFrame) -> Masks:
    # Judged per respondent (as the national WRES does): one person who was harassed by
    # both a manager and a colleague counts once, so per-question totals cannot be added.
    b_answered, b_positive = _frequency(frame, "q14b")
    c_answered, c_positive = _frequency(frame, "q14c")
    return b_answered | c_answered, b_positive | c_positive


def _wres7(frame: pd.DataFrame) -> Masks:
    # "Don't know" (9) is out of the denominator: the national WRES figures do this (LPT
    # 2019/20 publishes indicator 7 denominators far below indicator 5's), and the pulse
    # must sit beside them.
    codes = _col(frame, "q15")
    return (codes == 1) | (codes == 2), codes == 1


def _yes_no(frame: pd.DataFrame, qid: str) -> Masks:
    codes = _col(frame, qid)
    return (codes == 1) | (codes == 2), codes == 1


def _q14d(frame: pd.DataFrame) -> Masks:
    # Reporting rate among those who could say: Don't know (4) and Not applicable (9)
    # would dilute it with people who had nothing to report or cannot tell.
    codes = _col(frame, "q14d")
    return (codes >= 1) & (codes <= 3), (codes == 1) | (codes == 2)


def _q16c_ethnic(frame: pd.DataFrame) -> Masks:
    mask = _col(frame, "q16c")
    return mask != 0, (mask & 1) != 0  # bit 0 is ground code 1, ethnic background


_MASKS: dict[Indicator, Callable[[pd.DataFrame], Masks]] = {
    Indicator.WRES5: lambda f: _frequency(f, "q14a"),
    Indicator.WRES6: _wres6,
    Indicator.WRES7: _wres7,
    Indicator.WRES8: lambda f: _yes_no(f, "q16b"),
    Indicator.Q14A: lambda f: _frequency(f, "q14a"),
    Indicator.Q14B: lambda f: _frequency(f, "q14b"),
    Indicator.Q14C: lambda f: _frequency(f, "q14c"),
    Indicator.Q14D: _q14d,
    Indicator.Q16A: lambda f: _yes_no(f, "q16a"),
    Indicator.Q16C_ETHNIC: _q16c_ethnic,
}


def indicator_masks(frame: pd.DataFrame, indicator: Indicator) -> Masks:
    """(answered, positive) boolean arrays; positive implies answered."""
    return _MASKS[indicator](frame)


def method_notes(*, k: int, recall: str) -> tuple[str, ...]:
    """How the figures were made, and where they depart from the national WRES."""
    notes = [
        "Each percentage is of the respondents who answered the question(s) behind it; "
        "a skipped question is left out, never counted as No.",
        'Indicator 7 leaves "Don\'t know" answers out of its denominator, as the national '
        "WRES does.",
        "Indicator 6 is judged per respondent: a person harassed by a manager, by a "
        "colleague or by both is counted once, out of everyone who answered either question.",
        f"Cells with fewer than {k} responses are suppressed, and further cells are "
        "suppressed where needed (complementary suppression) so that no suppressed "
        "figure can be worked out from the others by adding or subtracting, for counts "
        "as well as denominators.",
        "Staff who did not state their staff group count in the all-staff rows but have "
        "no row of their own; respondents who did not state their ethnic group count in "
        "the all row and the not stated column, and in neither White nor BME.",
        "Intervals are 95% Wilson score intervals; the BME-White gap has a Newcombe hybrid "
        "score interval. Changes are tested with a two-proportion z-test, or Fisher's exact "
        "test when an expected count is below 5, at the 5% level.",
        "The national NHS Staff Survey reaches only substantive staff: the bank, agency "
        "and locum rows (and student and volunteer rows) have no national figure to compare.",
    ]
    if recall == "12 months":
        notes.append("Questions q14 and q16 asked about the last 12 months, as the NSS does.")
    else:
        notes.append(
            f"Questions q14 and q16 asked about the last {recall}, not the 12 months of the "
            "NSS, so these figures are not directly comparable with the annual ones."
        )
    return tuple(notes)
