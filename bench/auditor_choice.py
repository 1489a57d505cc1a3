"""Which release auditor the benches run: the real one, or (until it is written, or with
--naive) the slow brute-force stand-in kept with the tests, clearly labelled."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from surveys import release_audit  # noqa: E402


def choose(naive: bool) -> str:
    """Patch in the stand-in when asked or when the real auditor is missing; its name."""
    try:
        release_audit.find_disclosure([], {}, 11)
        missing = False
    except NotImplementedError:
        missing = True
    if not (naive or missing):
        return "release auditor"
    from tests.surveys import naive_auditor

    release_audit.find_disclosure = naive_auditor.find_disclosure
    release_audit.plan_release = naive_auditor.plan_release
    return "naive stand-in (tests/surveys/naive_auditor.py)" + (
        ": the real auditor is not implemented yet" if missing else ""
    )
