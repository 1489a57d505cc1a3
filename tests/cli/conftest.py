"""Running `bigconv` for real, in a temporary working directory with its own keys."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.keys import load_secrets
from storage.store import Store


@dataclass
class Cli:
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str) -> tuple[int, str, str]:
        """In-process, like a user at a terminal: exit code, stdout, stderr."""
        runner = CliRunner()
        old = Path.cwd()
        os.chdir(self.workdir)
        try:
            result = runner.invoke(app, list(args), env=self.env, catch_exceptions=False)
        finally:
            os.chdir(old)
        return result.exit_code, result.stdout, result.stderr

    def run_with_input(self, typed: str, *args: str) -> tuple[int, str, str]:
        """In-process, with `typed` as what the user types at the prompts."""
        return self._invoke(list(args), typed)

    def _invoke(self, args: list[str], typed: str) -> tuple[int, str, str]:
        runner = CliRunner()
        old = Path.cwd()
        os.chdir(self.workdir)
        try:
            result = runner.invoke(app, args, input=typed, env=self.env, catch_exceptions=False)
        finally:
            os.chdir(old)
        return result.exit_code, result.stdout, result.stderr

    def spawn_with(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        """As `spawn`, with extra environment variables (a crash point, say)."""
        saved = dict(self.env)
        self.env.update(env)
        try:
            return self.spawn(*args)
        finally:
            self.env.clear()
            self.env.update(saved)

    def spawn(self, *args: str) -> subprocess.CompletedProcess[str]:
        """As a separate process through the console entry point."""
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.workdir,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def write(self, name: str, text: str) -> Path:
        path = self.workdir / name
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    env = {"BIGCONV_CONFIG": str(tmp_path / "bigconv.toml"), "COLUMNS": "120"}
    (tmp_path / "bigconv.toml").write_text('[database]\nurl = "sqlite:///bigconv.db"\n')
    yield Cli(tmp_path, env)


def open_cli_store(cli: Cli) -> Store:
    """The store a `bigconv` run in `cli.workdir` wrote, opened with its key files."""
    secrets, _ = load_secrets(
        master_key_env="BIGCONV_MASTER_KEY_UNSET",
        pepper_env="BIGCONV_PEPPER_UNSET",
        master_key_file=cli.workdir / "bigconv.key",
        pepper_file=cli.workdir / "bigconv.pepper",
        create_if_missing=False,
    )
    return Store.open(f"sqlite:///{cli.workdir / 'bigconv.db'}", secrets)
