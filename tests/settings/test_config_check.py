"""`bigconv config check` as an operator runs it: a real process against real SQLite and
the local PostgreSQL, secrets masked, exit 0 only when everything it names is there."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parents[2]
BIGCONV = ROOT / ".venv" / "bin" / "bigconv"
TOKEN = "xoxb-1111-2222-notarealtokenatall"
SIGNING = "0123456789abcdef-signing-not-real"
SLACK = '[slack]\nbot_token_env = "TEST_BOT_TOKEN"\nsigning_secret_env = "TEST_SIGNING"\n'


def check(config: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BIGCONV_", "TEST_"))}
    return subprocess.run(
        [str(BIGCONV), "--config", str(config), "config", "check"],
        cwd=config.parent,
        env={**clean, "COLUMNS": "200", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "bigconv.toml"
    config.write_text(text, encoding="utf-8")
    return config


def test_all_well_on_sqlite_exits_0_and_masks_the_tokens(tmp_path: Path) -> None:
    import sqlite3

    sqlite3.connect(tmp_path / "bigconv.db").close()
    config = write(tmp_path, f'[trust]\nname = "Anytown NHS Trust"\n{SLACK}')
    done = check(config, TEST_BOT_TOKEN=TOKEN, TEST_SIGNING=SIGNING)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'name = "Anytown NHS Trust"' in done.stdout and "min_group_size = 11" in done.stdout
    assert "database: reachable (sqlite" in done.stdout
    assert "TEST_BOT_TOKEN is set" in done.stdout and "xoxb-****" in done.stdout
    assert TOKEN not in done.stdout + done.stderr and SIGNING not in done.stdout + done.stderr
    assert "All checks passed" in done.stdout


def test_missing_secrets_and_database_are_listed_with_exit_1(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        f'[database]\nurl = "sqlite:///{tmp_path}/no/such/folder/x.db"\n{SLACK}'
        '[teams]\nenabled = true\napp_id_env = "TEST_APP_ID"\n',
    )
    done = check(config, TEST_BOT_TOKEN=TOKEN)
    assert done.returncode == 1, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if line.startswith("problem")]
    assert any("database:" in line and "does not exist" in line for line in problems)
    assert any("TEST_SIGNING is not set" in line for line in problems)
    assert any("TEST_APP_ID is not set" in line for line in problems)
    assert any("TEAMS_APP_SECRET is not set" in line for line in problems)
    assert "5 problems" in done.stdout and not (tmp_path / "no").exists()


@pytest.mark.postgres
def test_postgres_reachable_with_its_password_masked(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    with_password = make_url(fresh_postgres_url).set(password="hunter2-not-real")
    url = with_password.render_as_string(hide_password=False)
    config = write(tmp_path, f'[database]\nurl = "{url}"\n[slack]\nenabled = false\n')
    done = check(config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ":****@" in done.stdout and "hunter2" not in done.stdout + done.stderr
    assert "database: reachable (postgresql" in done.stdout


def test_unreachable_postgres_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    url = "postgresql+psycopg://bigconv:hunter2@127.0.0.1:1/bigconv"
    config = write(tmp_path, f'[database]\nurl = "{url}"\n[slack]\nenabled = false\n')
    done = check(config)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "problem database: cannot be reached" in done.stdout
    assert "hunter2" not in done.stdout + done.stderr


def test_a_refused_file_exits_non_zero_one_line_per_problem(tmp_path: Path) -> None:
    config = write(tmp_path, '[database]\nuri = "x"\n[privacy]\nmin_group_sise = 50\n')
    done = check(config)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == "error: the configuration is refused (2 problems):"
    assert lines[1].strip() == f"{config}: database.uri: unknown key (did you mean url?)"
    assert lines[2].strip().startswith(f"{config}: privacy.min_group_sise: unknown key")


def test_trust_name_heads_the_terminal_table_and_files_go_to_output_dir(tmp_path: Path) -> None:
    from tests.surveys.lpt_builder import import_csv, reference_answers

    (tmp_path / "out").mkdir()
    config = write(tmp_path, '[trust]\nname = "Anytown NHS Trust"\n[report]\noutput_dir = "out"\n')
    answers = tmp_path / "lpt.csv"
    answers.write_text(import_csv(reference_answers(2018), "2018-10"), encoding="utf-8")

    def bigconv(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BIGCONV_")}
        command = [str(BIGCONV), "--config", str(config), *args]
        return subprocess.run(
            command, cwd=tmp_path, env={**env, "COLUMNS": "200"}, capture_output=True,
            text=True, timeout=300, check=False,
        )  # fmt: skip

    assert bigconv("import-responses", str(answers)).returncode == 0
    table = bigconv("report", "--period", "2018")
    assert table.returncode == 0 and "Anytown NHS Trust: WRES indicators" in table.stdout
    written = bigconv("report", "--period", "2018", "--format", "html")
    assert written.returncode == 0, written.stderr
    page = (tmp_path / "out" / "wres-2018.html").read_text(encoding="utf-8")
    assert "<title>Anytown NHS Trust: WRES" in page
