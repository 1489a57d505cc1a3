"""What the README says about the demo and the commands is what they do: the demo is run
exactly as the README's first line runs it, and its figures are read back."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bot.cli import COMMANDS, load_command
from tests.cli.conftest import Cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _claimed_demo() -> tuple[int, int]:
    staff = re.search(r"synthetic trust of\s+([\d,]+)\s+staff", README)
    rounds = re.search(r"answers\s+(\w+)\s+monthly\s+pulse\s+rounds", README)
    assert staff and rounds, "the README no longer describes the demo's size"
    return int(staff.group(1).replace(",", "")), NUMBERS[rounds.group(1)]


def test_every_command_in_the_readme_exists() -> None:
    named = re.findall(r"^\| `bigconv ([a-z-]+)(?: ([a-z-]+))?", README, re.M)
    assert len(named) >= 15
    for name, sub in named:
        if name.startswith("-"):
            continue
        assert name in COMMANDS, name
        command = load_command(name)
        subcommands = getattr(command, "commands", None)
        if subcommands is not None and sub and not sub.startswith("-"):
            assert sub in subcommands, f"bigconv {name} {sub}"
    listed = {name for name, _ in named}
    assert set(COMMANDS) <= listed, set(COMMANDS) - listed  # and none is left out


@pytest.mark.slow
def test_the_demo_does_what_the_readme_says(cli: Cli) -> None:
    first_line = README.split("```sh\n", 1)[1].splitlines()[0]
    assert first_line.endswith("&& .venv/bin/bigconv demo")
    result = cli.spawn("demo")
    assert result.returncode == 0, result.stderr
    staff, rounds = _claimed_demo()
    assert f"Synthetic trust: {staff} staff" in result.stdout
    said = [line for line in result.stdout.splitlines() if line.startswith("Round ")]
    assert len(said) == rounds, said
    assert (cli.workdir / "bigconv-demo-report.html").exists()
    bank = int(re.search(r"(\d+) on the bank", result.stdout).group(1))  # type: ignore[union-attr]
    assert 0.15 <= bank / staff <= 0.25  # "about a fifth of them on the bank"
    # every "what to try next" command works as printed
    tries = [line.strip() for line in result.stdout.splitlines() if line.startswith("  bigconv ")]
    assert len(tries) >= 4
    for line in tries:
        args = shlex.split(line.split("  (")[0])[1:]
        if args[:1] == ["demo"]:
            continue  # another whole demo: covered by test_commands
        done = cli.spawn(*args)
        assert done.returncode == 0, (line, done.stderr)
