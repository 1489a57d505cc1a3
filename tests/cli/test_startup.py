"""`bigconv --help` and `--version` load none of the heavy libraries, and `report` never
loads the chat SDKs; the lazily listed help is the commands' own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import COMMANDS, load_command

HEAVY = ("pandas", "scipy", "sqlalchemy", "matplotlib", "slack_sdk", "slack_bolt",
         "microsoft_agents", "aiohttp", "cryptography")  # fmt: skip
CHAT_SDKS = ("slack_sdk", "slack_bolt", "microsoft_agents")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_nothing_heavy(flag: str) -> None:
    run = f"from bot.cli import app\ntry:\n    app(['{flag}'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(run).isdisjoint(HEAVY)


def test_report_does_not_load_the_chat_sdks() -> None:
    loaded = _loaded_after("from bot.cli import load_command\nload_command('report')")
    assert "pandas" in loaded  # it did load what a report needs
    assert loaded.isdisjoint(CHAT_SDKS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_help_is_the_commands_own(name: str) -> None:
    command = load_command(name)
    assert " ".join((command.help or "").split()).startswith(COMMANDS[name][2])
