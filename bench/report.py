"""Benchmark: the full WRES report over 1,000,000 responses against bare decryption.

Generates a year of responses (12 monthly rounds) into a fresh SQLite database, then in
separate child processes (so each peak RSS is its own) times
  bare: fetch the rows and decrypt every ciphertext, nothing else;
  full: the whole report - fetch, decrypt, decode, aggregate, the release auditor,
        statistics, trend, recording the release.
Aim: full <= 1.5 x bare, peak memory under 1 GB.

    python bench/report.py [--responses 1000000] [--database URL]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.population import answer_pulse, build_trust  # noqa: E402
from handlers.identity import Person, Requester, Role  # noqa: E402
from handlers.reports import Compare, ReportPolicy, ReportRequest, pull_report  # noqa: E402
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402

YEAR = 2025
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
TODAY = date(YEAR + 1, 1, 15)


def generate(url: str, secrets: Secrets, total: int) -> None:
    store = Store.open(url, secrets)
    store.migrate()
    trust = build_trust(20_000, seed=1)
    rng = random.Random(7)
    per_month = total // len(MONTHS)
    started = time.perf_counter()
    for month in MONTHS:
        rows = [(month, answer_pulse(rng.choice(trust), rng)) for _ in range(per_month)]
        store.import_responses(rows)
        print(f"  generated {month}: {per_month:,} responses", flush=True)
    print(f"generation: {time.perf_counter() - started:.1f} s", flush=True)
    store.close()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare(url: str, secrets: Secrets, out: mp.Queue) -> None:  # type: ignore[type-arg]
    store = Store.open(url, secrets)
    rounds = store.rounds.closed_in(MONTHS)
    started = time.perf_counter()
    payloads, _ = store.responses.load_payloads([r.id for r in rounds])
    elapsed = time.perf_counter() - started
    out.put(("bare", elapsed, len(payloads), _peak_mb()))
    store.close()


def full(url: str, secrets: Secrets, out: mp.Queue) -> None:  # type: ignore[type-arg]

    store = Store.open(url, secrets)
    edi = Requester(Person("bench", "local", "edi"), frozenset({Role.EDI}))
    started = time.perf_counter()
    report = pull_report(
        store,
        requester=edi,
        request=ReportRequest(str(YEAR), "all", Compare.PREVIOUS, purpose="bench"),
        policy=ReportPolicy(min_group_size=11, trend_periods=6),
        today=TODAY,
        now=datetime.now(UTC),
    )
    elapsed = time.perf_counter() - started
    n = next(
        c.n
        for c in report.cells
        if (c.indicator, c.staff_group, c.ethnic_group) == ("wres5", "all", "all")
    )
    out.put(("full", elapsed, n or 0, _peak_mb()))
    store.close()


def measure(target: object, url: str, secrets: Secrets) -> tuple[str, float, int, float]:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=target, args=(url, secrets, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    secrets = Secrets(master_key=generate_key(), pepper=generate_key())
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database: {url.split('@')[-1]}; responses: {args.responses:,}")
        generate(url, secrets, args.responses)
        bare_result = measure(bare, url, secrets)
        full_result = measure(full, url, secrets)
    _, bare_s, rows, bare_peak = bare_result
    _, full_s, wres5_n, full_peak = full_result
    print(
        f" bare: {bare_s:7.2f} s  {rows:,} rows decrypted ({rows / bare_s:,.0f} rows/s), "
        f"peak RSS {bare_peak:.0f} MB"
    )
    print(
        f" full: {full_s:7.2f} s  same rows, whole report (all-staff wres5 n = {wres5_n:,}), "
        f"peak RSS {full_peak:.0f} MB"
    )
    ratio = full_result[1] / bare_result[1]
    print(
        f"ratio full/bare: {ratio:.2f} (aim <= 1.5); "
        f"peak memory of the full report: {full_result[3]:.0f} MB (aim < 1024)"
    )


if __name__ == "__main__":
    main()
