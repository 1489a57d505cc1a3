"""Run `bigconv` in a child process as if `bigconv-standins` were not installed: a
`sitecustomize` on PYTHONPATH puts a finder first on sys.meta_path that refuses every
`standins` module and writes down each attempt, so a caught ImportError still shows."""

from __future__ import annotations

import os
from pathlib import Path

ATTEMPTS_ENV = "BIGCONV_TEST_STANDIN_IMPORTS"

SITECUSTOMIZE = f'''
import os
import sys


class RefuseStandins:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "standins" and not name.startswith("standins."):
            return None
        with open(os.environ["{ATTEMPTS_ENV}"], "a", encoding="utf-8") as attempts:
            attempts.write(name + "\\n")
        raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)


sys.meta_path.insert(0, RefuseStandins())
'''


def environment_without_standins(workdir: Path) -> tuple[dict[str, str], Path]:
    """The child's environment, and the file that lists every stand-in import it tried."""
    shim = workdir / "no-standins"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    attempts = workdir / "standin-imports.txt"
    env = {
        **os.environ,
        "PYTHONPATH": str(shim),
        ATTEMPTS_ENV: str(attempts),
        "COLUMNS": "200",  # the hint on one line, whatever the terminal
    }
    return env, attempts


def attempted(attempts: Path) -> list[str]:
    if not attempts.exists():
        return []
    return attempts.read_text(encoding="utf-8").split()
