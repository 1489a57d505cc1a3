"""The package boundaries of docs/architecture.md#the-layers, enforced by walking every import."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "discussion", "handlers", "storage", "surveys")
WINGS = ("bot/slack", "bot/teams")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_import_contracts_hold() -> None:
    # The layers, wings without storage, independent wings, pure domain packages and a
    # serve without stand-ins are import-linter contracts (.importlinter); CI runs the same.
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.parametrize("wing", WINGS)
def test_a_wing_never_opens_the_backend(wing: str) -> None:
    # A wing hands deps.backend to a use case; reaching into its store or call queue
    # would put a use case back inside the wing.
    opened = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _modules(wing)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"backend\.(store|calls)\b(?!\.close\(\))", line)
    ]
    assert opened == []


def test_storage_takes_only_domain_types_from_surveys() -> None:
    # storage may know the domain's types, not its report or rendering machinery.
    allowed = {
        "surveys.questions",
        "surveys.response",
        "surveys.demographics",
        "surveys.report_model",
        "surveys.periods",
        # Figure, Scope, PastRelease: what the release history stores and gives back.
        "surveys.release_audit",
        "surveys.headcount",
    }
    offenders = []
    for path in _modules("storage"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("surveys") and module not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []
