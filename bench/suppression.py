"""Usefulness of disclosure control: how many cells each method hides, and why.

On the 500-person demo trust (one month) and on the LPT reference years, counts the
cells of the fixed grid (10 indicators x 7 staff groups x 8 ethnic groups) that are
released, hidden as too few (primary), hidden to protect another (secondary), and, for a
month reported after its quarter, hidden against an earlier release (history). The
baseline is today's greedy pass, surveys.disclosure.suppress, on the same tables.

    python bench/suppression.py [--naive]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from auditor_choice import choose

from bot.demo.population import answer_pulse, build_trust
from surveys import release_audit
from surveys.aggregate import AGG_ETHNIC_GROUPS, aggregate, cell_arrays
from surveys.disclosure import suppress
from surveys.frame import frame_from_answers
from surveys.indicators import INDICATORS
from surveys.release_audit import Reason, Scope
from surveys.report import standalone_verdicts
from surveys.report_candidates import report_candidates
from surveys.report_model import STAFF_GROUPS_REPORTED
from surveys.unit_counts import aggregate_unit_counts, merge_unit_counts
from tests.surveys.lpt_builder import load_reference, reference_answers

K = 11
HEADLINE = [("all", "white"), ("all", "bme")]


def greedy(agg) -> Counter[str]:  # type: ignore[no-untyped-def]
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


def audited(label: str, agg) -> tuple[Counter[str], bool]:  # type: ignore[no-untyped-def]
    verdicts = standalone_verdicts((label, agg), k=K)
    tally: Counter[str] = Counter()
    names = {Reason.TOO_FEW: "primary", Reason.COMPLEMENTARY: "secondary",
             Reason.HISTORY: "history", Reason.RELEASED: "released"}  # fmt: skip
    for decision in verdicts.values():
        tally[names[decision.reason]] += 1
    headline_ok = True
    for indicator in INDICATORS:
        n, _ = cell_arrays(agg, indicator)
        for staff, ethnic in HEADLINE:
            size = int(n[0, AGG_ETHNIC_GROUPS.index(ethnic)])
            if size >= K and not verdicts[(label, indicator.value, staff, ethnic)].released:
                headline_ok = False
    return tally, headline_ok


def history_case() -> Counter[str]:
    """July and August of the demo trust released, then Q3: what Q3 loses to history."""
    trust, rng = build_trust(500, seed=11), random.Random(5)
    batches = {m: aggregate(frame_from_answers([answer_pulse(p, rng) for p in trust], [m] * 500))
               for m in ("2026-07", "2026-08", "2026-09")}  # fmt: skip
    counts = merge_unit_counts({m: aggregate_unit_counts(m, a) for m, a in batches.items()})
    history = []
    from datetime import UTC, datetime

    for month in ("2026-07", "2026-08"):
        scope = Scope(month, frozenset({month}))
        plan = release_audit.plan_release(
            report_candidates(scope, STAFF_GROUPS_REPORTED), history, counts, K
        )
        figures = tuple(f for f, d in plan.items() if d.released)
        history.append(release_audit.PastRelease(month, f"{month} report",
                                                 datetime(2026, 9, 3, tzinfo=UTC), figures))  # fmt: skip
    quarter = Scope("2026-Q3", frozenset(batches))
    plan = release_audit.plan_release(
        report_candidates(quarter, STAFF_GROUPS_REPORTED), history, counts, K
    )
    return Counter(d.reason.value for d in plan.values())


def row(name: str, tally: Counter[str], seconds: float) -> None:
    print(f"  {name:<34} released {tally['released']:>4}  primary {tally['primary']:>4}  "
          f"secondary {tally['secondary']:>4}  history {tally['history']:>4}  {seconds:6.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--naive", action="store_true", help="use the test stand-in")
    print(f"auditor: {choose(parser.parse_args().naive)}; k = {K}; 560 cells per table")
    trust, rng = build_trust(500, seed=2026), random.Random(2026)
    tables = [("demo trust (500, one month)",
               aggregate(frame_from_answers([answer_pulse(p, rng) for p in trust], ["2026-09"] * 500)))]  # fmt: skip
    for year in sorted({r.survey_year for r in load_reference()}):
        answers = reference_answers(year)
        tables.append((f"LPT reference {year}", aggregate(frame_from_answers(answers, [f"{year}-10"] * len(answers)))))  # fmt: skip
    for name, agg in tables:
        print(name)
        started = time.perf_counter()
        row("greedy pass (baseline)", greedy(agg), time.perf_counter() - started)
        started = time.perf_counter()
        tally, headline_ok = audited(name, agg)
        row("release auditor", tally, time.perf_counter() - started)
        print(f"  headline All staff White/BME released wherever n >= k: {headline_ok}")
    started = time.perf_counter()
    print("demo trust: Q3 after July and August were released")
    row("release auditor", Counter({("primary" if k == "too_few" else "secondary" if k == "complementary" else k): v
                                     for k, v in history_case().items()}), time.perf_counter() - started)  # fmt: skip


if __name__ == "__main__":
    main()
