"""Every command, given bad input, answers with one clear message on stderr and a
non-zero exit, never a Python traceback; where it failed, the audit log and the
database are exactly as they were. Run as a user would: the installed `bigconv`."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BIGCONV = Path(sys.executable).with_name("bigconv")
HEADER = "period,staff_group,ethnicity,q14a,q14b,q14c,q14d,q15,q16a,q16b,q16c\n"
ROW = "2025-06,substantive,01,1,1,2,3,1,2,2,\n"


@dataclass
class Folder:
    """A working folder with its own configuration, keys and (once made) database."""

    path: Path

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIGCONV), *args],
            cwd=self.path,
            env={
                **os.environ,
                "BIGCONV_CONFIG": str(self.path / "bigconv.toml"),
                "COLUMNS": "100",
                **(env or {}),
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def write(self, name: str, text: str) -> Path:
        target = self.path / name
        target.write_text(text, encoding="utf-8")
        return target

    def snapshot(self) -> list[str]:
        """The database's whole content (audit log included), row by row. A refusal on
        privacy grounds is recorded on purpose (someone may be probing): those entries,
        and only those, are left out of the comparison."""
        database = self.path / "bigconv.db"
        if not database.exists():
            return []
        with sqlite3.connect(database) as connection:
            rows = list(connection.iterdump())
        return [row for row in rows if not ("audit_log" in row and " refused'," in row)]


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    (tmp_path / "bigconv.toml").write_text('[database]\nurl = "sqlite:///bigconv.db"\n')
    return Folder(tmp_path)


@pytest.fixture(scope="module")
def stocked(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    """A database holding answers and an audit log, to show failures change neither."""
    folder = Folder(tmp_path_factory.mktemp("stocked"))
    folder.write("bigconv.toml", '[database]\nurl = "sqlite:///bigconv.db"\n')
    done = folder.run("import-responses", str(folder.write("a.csv", HEADER + ROW * 12)))
    assert done.returncode == 0, done.stderr
    return folder


def assert_one_clear_message(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert 'File "' not in result.stderr
    assert result.stderr.strip(), "the message goes to stderr"
    assert any(word in result.stderr.lower() for word in ("error", "refused")), result.stderr
    assert len(result.stderr.strip().splitlines()) <= 12, result.stderr
    flat = " ".join(result.stderr.split())
    for text in expected:
        assert text in flat, flat


@pytest.fixture
def busy_port() -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def _folder_from(stocked: Folder) -> Callable[[], None]:
    before = stocked.snapshot()

    def unchanged() -> None:
        assert stocked.snapshot() == before

    return unchanged


# (arguments, words the message must contain); {dir} is the folder, {csv} a good CSV.
ON_THE_STOCKED_DATABASE: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (
        ("report", "--period", "2025-06", "--out", "/nonexistent/x.html", "--format", "html"),
        ("does not exist",),
    ),
    (("report", "--period", "2025-06", "--out", "{dir}", "--format", "html"), ("is a folder",)),
    (
        ("report", "--period", "2025-06", "--format", "table", "--out", "f.txt"),
        ("--out needs --format",),
    ),
    (("report", "--period", "June"), ()),
    (("report", "--period", "2099-01"), ("has not started",)),
    (("report", "--period", "2025-06", "--staff-group", "doctors"), ()),
    (("report", "--period", "2025-06", "--format", "docx"), ("docx",)),
    (("report",), ("--period",)),
    (("import-responses", "missing.csv"), ("missing.csv",)),
    (("import-responses", "{dir}"), ()),
    (("import-responses", "binary.csv"), ()),
    (("import-responses", "future.csv"), ("in the future",)),
    (("baseline", "import", "missing.csv"), ("missing.csv",)),
    (("baseline", "import", "bad-baseline.csv"), ()),
    (("rounds", "open", "--period", "2099-01"), ("has not started yet",)),
    (("rounds", "open", "--period", "June"), ("must be a month",)),
    (("rounds", "open", "--days", "0"), ()),
    (("rounds", "close", "nonexistent-id"), ("no such open round",)),
    (("rounds", "close", "--period", "2025-07"), ("no such open round",)),
    (("prompts", "export", "no-such-prompt"), ()),
    (("prompts", "export", "no-such-prompt", "--format", "docx"), ()),
    (("keys", "rotate", "--new-key-file", "missing.key"), ("missing.key",)),
    (("teams", "package"), ()),
    (("teams", "package", "--app-id", "not-a-guid"), ("GUID",)),
    (("demo", "--months", "0"), ("--months",)),
    (("demo", "--staff", "0"), ("--staff",)),
    (("demo", "--staff", "-3"), ("--staff",)),
    (("demo", "--concurrency", "0"), ("--concurrency",)),
    (("demo", "--platform", "irc"), ("irc",)),
    (("demo", "--html", "{dir}"), ("is a folder",)),
    (("demo", "--html", "/nonexistent/r.html"), ("does not exist",)),
    (("serve",), ()),
    (("db", "downgrade"), ()),
    (("no-such-command",), ()),
    (("--config", "missing.toml", "report", "--period", "2025-06"), ("does not exist",)),
    (("--config", "broken.toml", "report", "--period", "2025-06"), ("not valid TOML",)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "expected"), ON_THE_STOCKED_DATABASE, ids=" ".join)
def test_bad_input_is_one_message_and_changes_nothing(
    stocked: Folder, args: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    stocked.write("binary.csv", "\x00\x01\x02\ufffe" * 50)
    stocked.write("future.csv", HEADER + ROW.replace("2025-06", "2099-01"))
    stocked.write("bad-baseline.csv", "survey_year,staff_group\n2025\n")
    stocked.write("broken.toml", "[database\nurl=")
    unchanged = _folder_from(stocked)
    result = stocked.run(*(a.replace("{dir}", str(stocked.path)) for a in args))
    assert_one_clear_message(result, *expected)
    unchanged()


def test_a_postgres_database_that_does_not_exist(folder: Folder) -> None:
    if os.environ.get("BIGCONV_SKIP_POSTGRES") == "1":
        pytest.skip("BIGCONV_SKIP_POSTGRES=1")
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/bigconv_never_created_x"
    folder.write("bigconv.toml", f'[database]\nurl = "{url}"\n')
    result = folder.run("db", "upgrade")
    assert_one_clear_message(result, "does not exist", "createdb bigconv_never_created_x")


def test_postgres_unreachable(folder: Folder, busy_port: int) -> None:
    del busy_port  # a port where nothing speaks PostgreSQL: the closed one below
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed}/bigconv"
    folder.write("bigconv.toml", f'[database]\nurl = "{url}"\n')
    for args in (("db", "upgrade"), ("report", "--period", "2025-06"), ("audit", "verify")):
        assert_one_clear_message(folder.run(*args), "Could not connect")


def test_a_database_url_that_is_not_one(folder: Folder) -> None:
    folder.write("bigconv.toml", '[database]\nurl = "mysql+nothing://x"\n')
    assert_one_clear_message(folder.run("db", "upgrade"), "database.url: must be a SQLite")


def test_serve_on_a_port_in_use(folder: Folder, busy_port: int) -> None:
    folder.write(
        "bigconv.toml",
        f'[database]\nurl = "sqlite:///bigconv.db"\n[server]\nport = {busy_port}\n',
    )
    assert folder.run("db", "upgrade").returncode == 0  # keys and schema made already
    secrets = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret"}
    result = folder.run("serve", env=secrets)
    assert_one_clear_message(result, "already in use")
    assert result.stderr.strip().splitlines()[-2].startswith("error: The address is already")


def test_looking_creates_nothing(folder: Folder) -> None:
    """Read-only commands in an empty folder neither make a database nor keys."""
    for args in (("report", "--period", "2025-06"), ("audit", "verify"), ("rounds", "status"),
                 ("prompts", "list"), ("releases", "list"), ("releases", "verify")):  # fmt: skip
        assert_one_clear_message(folder.run(*args), "no database")
    assert sorted(p.name for p in folder.path.iterdir()) == ["bigconv.toml"]


def test_a_bug_is_one_line_and_a_debug_switch(
    folder: Folder, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Anything unforeseen still reads as one message; BIGCONV_DEBUG=1 shows the trace.
    (A text retention_months used to be that bug; the settings model now refuses it.)"""
    folder.write("bigconv.toml", "[privacy]\nmin_group_size = 11\nretention_months = 'x'\n")
    result = folder.run("report", "--period", "2025-06")
    assert_one_clear_message(result, "privacy.retention_months: must be a whole number")
    from bot.terminal.errors import EXIT_BUG, last_resort

    monkeypatch.setenv("BIGCONV_DEBUG", "1")
    try:
        raise RuntimeError("unforeseen")
    except RuntimeError as exc:
        assert last_resort(exc) == EXIT_BUG
    assert "Traceback" in capfd.readouterr().err
