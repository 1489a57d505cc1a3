"""Usefulness of disclosure control: how many cells each method hides, and why.

On the 500-person demo trust (one month) and on the LPT reference years, counts the
cells of the fixed grid (10 indicators x 7 staff groups x 8 ethnic groups) that are
released, hidden as too few (primary), hidden to protect another (secondary), and, for a
month reported after its quarter, hidden against an earlier release (history). The
baseline is today's greedy pass, surveys.disclosure.suppress, on the same tables; the
exact auditor then says what an analyst could work out from the greedy pass's cells.

    python bench/suppression.py
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import Colleague, answer_pulse, build_trust  # noqa: E402
from surveys import release_audit  # noqa: E402
from surveys.aggregate import AGG_ETHNIC_GROUPS, aggregate, cell_arrays  # noqa: E402
from surveys.disclosure import suppress  # noqa: E402
from surveys.frame import frame_from_answers  # noqa: E402
from surveys.indicators import INDICATORS  # noqa: E402
from surveys.release_audit import Figure, PastRelease, Reason, Scope  # noqa: E402
from surveys.report import standalone_verdicts  # noqa: E402
from surveys.report_candidates import report_candidates  # noqa: E402
from surveys.report_model import STAFF_GROUPS_REPORTED  # noqa: E402
from surveys.unit_counts import aggregate_unit_counts, merge_unit_counts  # noqa: E402
from tests.surveys.lpt_builder import load_reference, reference_answers  # noqa: E402

K = 11
HEADLINE = [("all", "white"), ("all", "bme")]
NAMES = {
    Reason.TOO_FEW: "primary",
    Reason.COMPLEMENTARY: "secondary",
    Reason.HISTORY: "history",
    Reason.RELEASED: "released",
}


def greedy(agg: pd.DataFrame) -> Counter[str]:
    hidden = suppress(agg, K)
    tally: Counter[str] = Counter()
    for indicator in INDICATORS:
        n, _ = cell_arrays(agg, indicator)
        for s, staff in enumerate(("all", *STAFF_GROUPS_REPORTED[1:])):
            for e, ethnic in enumerate(AGG_ETHNIC_GROUPS):
                size = int(n[s, e])
                if size < K:
                    tally["primary"] += 1
                elif (indicator.value, staff, ethnic) in hidden:
                    tally["secondary"] += 1
                else:
                    tally["released"] += 1
    return tally


def greedy_leak(label: str, agg: pd.DataFrame) -> str:
    """What the exact auditor can work out from the greedy pass's released cells."""
    hidden = suppress(agg, K)
    scope = Scope(label, frozenset({label}))
    shown = []
    for indicator in INDICATORS:
        n, _ = cell_arrays(agg, indicator)
        for s, staff in enumerate(("all", *STAFF_GROUPS_REPORTED[1:])):
            for e, ethnic in enumerate(AGG_ETHNIC_GROUPS):
                if int(n[s, e]) >= K and (indicator.value, staff, ethnic) not in hidden:
                    shown.append(Figure(scope, indicator.value, staff, ethnic))
    leak = release_audit.find_disclosure(shown, aggregate_unit_counts(label, agg), K)
    if leak is None:
        return "none found"
    groups = ", ".join(f"{s}/{e}" for _, s, e in sorted(leak.units))
    used = len(leak.figures_used)
    return f"{leak.indicator}: {leak.n} people in {groups} worked out from {used} released cells"


def audited(label: str, agg: pd.DataFrame) -> tuple[Counter[str], bool]:
    verdicts = standalone_verdicts((label, agg), k=K)
    tally: Counter[str] = Counter()
    for decision in verdicts.values():
        tally[NAMES[decision.reason]] += 1
    headline_ok = True
    for indicator in INDICATORS:
        n, _ = cell_arrays(agg, indicator)
        for staff, ethnic in HEADLINE:
            size = int(n[0, AGG_ETHNIC_GROUPS.index(ethnic)])
            if size >= K and not verdicts[(label, indicator.value, staff, ethnic)].released:
                headline_ok = False
    return tally, headline_ok


def _month(trust: list[Colleague], rng: random.Random, month: str) -> pd.DataFrame:
    answers = [answer_pulse(p, rng) for p in trust]
    return aggregate(frame_from_answers(answers, [month] * len(answers)))


def history_case() -> Counter[str]:
    """July and August of the demo trust released, then Q3: what Q3 loses to history."""
    trust, rng = build_trust(500, seed=11), random.Random(5)
    batches = {m: _month(trust, rng, m) for m in ("2026-07", "2026-08", "2026-09")}
    counts = merge_unit_counts({m: aggregate_unit_counts(m, a) for m, a in batches.items()})
    history: list[PastRelease] = []
    for month in ("2026-07", "2026-08"):
        scope = Scope(month, frozenset({month}))
        candidates = report_candidates(scope, STAFF_GROUPS_REPORTED)
        plan = release_audit.plan_release(candidates, history, counts, K)
        figures = tuple(f for f, d in plan.items() if d.released)
        moment = datetime(2026, 9, 3, tzinfo=UTC)
        history.append(PastRelease(month, f"{month} report", moment, figures))
    quarter = Scope("2026-Q3", frozenset(batches))
    candidates = report_candidates(quarter, STAFF_GROUPS_REPORTED)
    plan = release_audit.plan_release(candidates, history, counts, K)
    return Counter(NAMES[d.reason] for d in plan.values())


def row(name: str, tally: Counter[str], seconds: float) -> None:
    counts = "  ".join(f"{kind} {tally[kind]:>4}" for kind in NAMES.values())
    print(f"  {name:<24} {counts}  {seconds:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    print(f"k = {K}; 560 cells per table")
    trust, rng = build_trust(500, seed=2026), random.Random(2026)
    tables = [("demo trust (500, one month)", _month(trust, rng, "2026-09"))]
    for year in sorted({r.survey_year for r in load_reference()}):
        answers = reference_answers(year)
        frame = frame_from_answers(answers, [f"{year}-10"] * len(answers))
        tables.append((f"LPT reference {year}", aggregate(frame)))
    for name, agg in tables:
        print(name)
        started = time.perf_counter()
        row("greedy pass (baseline)", greedy(agg), time.perf_counter() - started)
        print(f"  what the greedy pass leaks: {greedy_leak(name, agg)}")
        started = time.perf_counter()
        tally, headline_ok = audited(name, agg)
        row("release auditor", tally, time.perf_counter() - started)
        print(f"  headline All staff White/BME released wherever n >= k: {headline_ok}")
    print("demo trust: Q3 after July and August were released")
    started = time.perf_counter()
    tally = history_case()
    row("release auditor", tally, time.perf_counter() - started)


if __name__ == "__main__":
    main()
