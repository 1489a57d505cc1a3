"""`bigconv prompts list | library | export`, run as an operator would (the command group is
mounted on a copy of the root callback until it is registered in bot/cli.py)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from bot.commands import prompts as prompts_command
from bot.settings import load_settings
from bot.store_opening import open_store
from bot.terminal.errors import run_cleanly
from handlers.discussion import ReplyMode
from storage.store import Store
from tests.discussion.conftest import posted_prompt, reply

app = typer.Typer(no_args_is_help=True)


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config")] = None,
) -> None:
    ctx.obj = run_cleanly(lambda: load_settings(config))


app.add_typer(prompts_command.app, name="prompts")


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "bigconv.toml").write_text(
        '[database]\nurl = "sqlite:///bigconv.db"\n[privacy]\nmin_group_size = 5\n'
    )
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def _run(workdir: Path, *args: str) -> tuple[int, str, str]:
    env = {"BIGCONV_CONFIG": str(workdir / "bigconv.toml"), "COLUMNS": "200"}
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _store(workdir: Path) -> Store:
    return open_store(load_settings(workdir / "bigconv.toml"))


def _seed(workdir: Path, replies: int) -> str:
    store = _store(workdir)
    try:
        prompts = prompts_command.prompts_of(store)
        prompt_id = posted_prompt(prompts, mode=ReplyMode.PRIVATE)
        for i in range(replies):
            reply(prompts, prompt_id, f"reply number {i}", author=f"U{i}")
        return prompt_id
    finally:
        store.close()


def test_list_and_library(workdir: Path) -> None:
    code, out, err = _run(workdir, "prompts", "list")
    assert code == 2 and "no database" in err  # looking creates nothing
    _store(workdir).close()  # as `bigconv db upgrade` would
    code, out, _ = _run(workdir, "prompts", "list")
    assert code == 0 and "no Big Conversation prompts yet" in out
    prompt_id = _seed(workdir, 0)
    code, out, _ = _run(workdir, "prompts", "list")
    assert code == 0 and prompt_id in out and "private" in out
    code, out, _ = _run(workdir, "prompts", "library")
    assert code == 0 and "racism from the public" in out and "•" in out


def test_export_is_refused_below_k_and_written_at_k(workdir: Path) -> None:
    prompt_id = _seed(workdir, 4)
    code, _, err = _run(workdir, "prompts", "export", prompt_id)
    assert code == 1 and "fewer than 5 replies" in err
    store = _store(workdir)
    try:
        reply(prompts_command.prompts_of(store), prompt_id, "the fifth")
    finally:
        store.close()
    code, out, err = _run(workdir, "prompts", "export", prompt_id)
    assert code == 0, err
    assert (
        out.splitlines()[0] == "prompt,month,reply_mode,status,text" and len(out.splitlines()) == 6
    )
    code, _, err = _run(workdir, "prompts", "export", prompt_id, "--format", "xlsx")
    assert code == 0 and "Wrote" in err
    [written] = workdir.glob("*.xlsx")
    sheet = load_workbook(io.BytesIO(written.read_bytes())).active
    assert sheet is not None and sheet.max_row == 6
    code, _, err = _run(workdir, "prompts", "export", "no-such-prompt")
    assert code == 1 and "no Big Conversation prompt" in err
