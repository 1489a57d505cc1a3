"""Benchmark: closing a round (every answer re-sealed, shuffled, under the report key in
small transactions) against the bare cryptography of the same answers, in one run, with
the longest single transaction of the close (BEGIN to COMMIT: how long it held the lock).

    python bench/close_round.py --answers 5000 [--batch 500] [--database postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.keys import Secrets, generate_key
from storage.padding import seal_envelope
from storage.repositories.closing import DEFAULT_BATCH
from storage.store import Store
from surveys.questions import Recall
from surveys.response import PulseAnswers

NONCE = bytes(12)


def _bare(payloads: list[bytes]) -> float:
    """Open and re-seal each answer, as the close does, without the database."""
    mixing, report = AESGCM(generate_key()), AESGCM(generate_key())
    sealed = [mixing.encrypt(NONCE, seal_envelope(p, None), b"ad") for p in payloads]
    started = time.perf_counter()
    for blob in sealed:
        report.encrypt(NONCE, mixing.decrypt(NONCE, blob, b"ad")[:16], b"ad")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="rows per transaction")
    parser.add_argument("--database", default=None, help="database URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'close.db'}"
        store = Store.open(url, Secrets(generate_key(), generate_key()), mixing_dir=Path(tmp))
        store.migrate()
        round_ = store.rounds.create(period="2026-05", recall=Recall.TWELVE_MONTHS)
        answers = PulseAnswers(ethnicity="01", staff_group=None, answers={"q14a": 1})
        payload = answers.to_payload()
        started = time.perf_counter()
        for i in range(args.answers):
            token = i.to_bytes(32, "big")
            store.submissions.record(round_id=round_.id, token=token, payload=payload)
        submitting = time.perf_counter() - started
        timings: list[float] = []
        started = time.perf_counter()
        moved = store.rounds.close(round_.id, batch_size=args.batch, timings=timings)
        closing = time.perf_counter() - started
        store.close()
    bare = _bare([payload] * args.answers)
    print(f"{args.answers} submissions: {submitting:.2f} s ({args.answers / submitting:.0f}/s)")
    print(
        f"close: {closing:.2f} s for {moved} answers in {len(timings)} transactions of up to "
        f"{args.batch} rows (then VACUUM); longest transaction {max(timings) * 1000:.0f} ms, "
        f"all transactions {sum(timings):.2f} s"
    )
    print(f"bare re-sealing of the same answers: {bare:.3f} s; close/bare = {closing / bare:.0f}x")


if __name__ == "__main__":
    main()
