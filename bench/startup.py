"""Benchmark: how long `bigconv --help` and `bigconv --version` take to answer.

Each is run as a fresh process through the installed console script, `--runs` times;
the median wall time and the median CPU time (user + system, less sensitive to other
work on a shared machine) are printed. Baseline, measured in the same run: the same
`--help` after importing every command's module up front, as the CLI did before its
commands were loaded lazily. Aim: under 0.5 s for --help and --version.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIGCONV = str(Path(sys.executable).with_name("bigconv"))
EAGER = (
    "import bot.commands.audit, bot.commands.baseline, bot.commands.database, "
    "bot.commands.demo, bot.commands.imports, bot.commands.keys, bot.commands.prompts, "
    "bot.commands.report, bot.commands.rounds, bot.commands.serve, bot.commands.teams\n"
    "from bot.cli import main\nimport sys\nsys.argv = ['bigconv', '--help']\nmain()"
)
CASES = {
    "bigconv --help": [BIGCONV, "--help"],
    "bigconv --version": [BIGCONV, "--version"],
    "baseline: --help, every command imported": [sys.executable, "-c", EAGER],
}


def _once(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env={"COLUMNS": "80", "PATH": ""})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    results: dict[str, tuple[float, float]] = {}
    for name, command in CASES.items():
        _once(command)  # warm the file cache and the bytecode
        timings = [_once(command) for _ in range(runs)]
        results[name] = (
            statistics.median(w for w, _ in timings),
            statistics.median(c for _, c in timings),
        )
    baseline = results["baseline: --help, every command imported"]
    print(f"{'case':44} {'wall (s)':>9} {'cpu (s)':>8} {'vs baseline':>12}")
    for name, (wall, cpu) in results.items():
        print(f"{name:44} {wall:9.3f} {cpu:8.3f} {wall / baseline[0]:11.2f}x")
    help_wall = results["bigconv --help"][0]
    verdict = "met" if help_wall < 0.5 else "NOT met on this machine now"
    print(f"aim: --help under 0.5 s wall: {verdict} ({help_wall:.3f} s)")


if __name__ == "__main__":
    main()
