"""`/wres` in Slack, tried as an analyst would: the summaries of July, August and Q3, read
side by side, never give September's one BME respondent (Q3 - July - August)."""

from __future__ import annotations

import json
import re

from surveys.response import PulseAnswers, validate_answers
from tests.slack.conftest import EDI_USER, Harness
from tests.slack.test_commands import _command

ANSWERS = {"q14a": 1, "q14b": 1, "q14c": 2, "q14d": 3, "q15": 1, "q16a": 2, "q16b": 2}
K = 11


def _people(month: str, ethnicity: str, count: int) -> list[tuple[str, PulseAnswers]]:
    one = validate_answers(ethnicity=ethnicity, staff_group="substantive", answers=ANSWERS)
    return [(month, one)] * count


def _bme_lines(summary: dict[str, object]) -> list[str]:
    text = json.dumps(summary, ensure_ascii=False)
    return re.findall(r"BME: ([^\\\"]*)", text)


def _n(line: str) -> int | None:
    found = re.search(r"n = (\d+)", line)
    return int(found.group(1)) if found else None


async def test_months_against_their_quarter_through_wres(harness: Harness) -> None:
    h = harness
    rows = []
    for month, bme in (("2025-07", 15), ("2025-08", 15), ("2025-09", 1)):
        rows += _people(month, "01", 30) + _people(month, "09", bme)
    h.store.import_responses(rows)
    july = _bme_lines(await _command(h, EDI_USER, "/wres", "2025-07"))
    august = _bme_lines(await _command(h, EDI_USER, "/wres", "2025-08"))
    quarter = _bme_lines(await _command(h, EDI_USER, "/wres", "2025-Q3"))
    assert len(july) == len(august) == len(quarter) == 4  # one per WRES indicator
    for j, a, q in zip(july, august, quarter, strict=True):
        values = (_n(q), _n(j), _n(a))
        if None not in values:
            difference = values[0] - values[1] - values[2]  # type: ignore[operator]
            assert difference == 0 or difference >= K, values
    assert any("would reveal a group when set against the 2025-0" in q for q in quarter)
    forms = {r.form for r in h.store.releases.stored()}
    assert forms == {"/wres"}
