"""Benchmark: checking one more report against a long release history.

Builds three years of synthetic monthly batches (a 2,000-person trust, a quarter of it
answering each month), then a history planned release by release through the auditor:
every month, quarter, calendar year and financial year, plus Bank and Substantive views
(152 releases over three years). Then times one more report (a rolling two months that
overlap earlier releases) and its peak memory (tracemalloc). Aim: <= 2 s, < 500 MB.
The baseline, measured in the same run, is planning the same report with no history.

    python bench/release_audit.py [--years 3] [--staff 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import answer_pulse, build_trust  # noqa: E402
from surveys import release_audit  # noqa: E402
from surveys.aggregate import aggregate  # noqa: E402
from surveys.frame import frame_from_answers  # noqa: E402
from surveys.periods import Period  # noqa: E402
from surveys.release_audit import PastRelease, Scope  # noqa: E402
from surveys.report_candidates import report_candidates  # noqa: E402
from surveys.report_model import STAFF_GROUPS_REPORTED  # noqa: E402
from surveys.unit_counts import aggregate_unit_counts, merge_unit_counts  # noqa: E402

K = 11
START = 2023


def periods(years: int) -> list[tuple[Period, tuple[str, ...]]]:
    """Every release of the history, in the order they would be pulled."""
    wanted: list[tuple[Period, tuple[str, ...]]] = []
    for year in range(START, START + years):
        for month in range(1, 13):
            wanted.append((Period.month(year, month), STAFF_GROUPS_REPORTED))
            for view in ("bank", "substantive"):
                wanted.append((Period.month(year, month), (view,)))
            if month % 3 == 0:
                quarter = Period.quarter(year, month // 3)
                wanted += [(quarter, STAFF_GROUPS_REPORTED), (quarter, ("bank",)),
                           (quarter, ("substantive",))]  # fmt: skip
            if month == 3 and year > START:
                wanted.append((Period.financial_year(year - 1), STAFF_GROUPS_REPORTED))
        wanted += [(Period.year(year), STAFF_GROUPS_REPORTED), (Period.year(year), ("bank",))]
    return wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--staff", type=int, default=2000)
    args = parser.parse_args()
    trust, rng = build_trust(args.staff, seed=3), random.Random(3)
    months = [f"{y}-{m:02d}" for y in range(START, START + args.years) for m in range(1, 13)]
    started = time.perf_counter()
    parts = {}
    for month in months:
        answering = rng.sample(trust, len(trust) // 4)
        frame = frame_from_answers(
            [answer_pulse(p, rng) for p in answering], [month] * len(answering)
        )
        parts[month] = aggregate_unit_counts(month, aggregate(frame))
    counts = merge_unit_counts(parts)
    print(f"data: {len(months)} monthly batches in {time.perf_counter() - started:.1f} s")

    history: list[PastRelease] = []
    moment = datetime(START, 2, 1, tzinfo=UTC)
    started = time.perf_counter()
    for period, staff in periods(args.years):
        scope = Scope(period.label, frozenset(period.months))
        plan = release_audit.plan_release(report_candidates(scope, staff), history, counts, K)
        figures = tuple(f for f, d in plan.items() if d.released)
        moment += timedelta(days=5)
        history.append(PastRelease(str(len(history)), f"{period.label} report", moment, figures))
    figures = sum(len(r.figures) for r in history)
    seconds = time.perf_counter() - started
    print(f"history: {len(history)} releases, {figures:,} figures, planned in {seconds:.1f} s")

    last = START + args.years - 1
    rolling = Scope(f"{last}-11..{last}-12", frozenset({f"{last}-11", f"{last}-12"}))
    candidates = report_candidates(rolling, STAFF_GROUPS_REPORTED)
    started = time.perf_counter()
    release_audit.plan_release(candidates, (), counts, K)
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    plan = release_audit.plan_release(candidates, history, counts, K)
    elapsed = time.perf_counter() - started
    # Memory in a second run: tracing every allocation would slow the timed one down.
    tracemalloc.start()
    release_audit.plan_release(candidates, history, counts, K)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held = sum(not d.released for d in plan.values())
    print(
        f"one more report ({len(candidates)} figures, {held} held back): {elapsed:.2f} s "
        f"against the history, {baseline:.2f} s alone; peak {peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
