"""`bigconv keys rotate` and `keys shred`: every branch leaves the data readable with the
key the operator is told to keep, including a crash between steps."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.commands import key_rotation
from bot.commands import keys as keys_command
from storage.faults import CRASH_EXIT, FAULT_ENV
from storage.keys import generate_key, write_key_file
from tests.cli.conftest import Cli
from tests.surveys.lpt_builder import import_csv, reference_answers


def _load(cli: Cli) -> None:
    csv_text = import_csv(reference_answers(2018), "2018-10")
    assert cli.run("import-responses", str(cli.write("lpt.csv", csv_text)))[0] == 0


def _cells(cli: Cli) -> object:
    code, out, err = cli.run("report", "--period", "2018", "--format", "json", "--compare", "none")
    assert code == 0, err
    return json.loads(out)["cells"]


def _said(text: str) -> str:
    return " ".join(text.split())


def _leftovers(cli: Cli) -> list[str]:
    return sorted(p.name for p in cli.workdir.glob("bigconv.key*") if p.name != "bigconv.key")


def test_rotate_with_a_key_file_replaces_it_and_keeps_no_old_key(cli: Cli) -> None:
    _load(cli)
    before = _cells(cli)
    old = (cli.workdir / "bigconv.key").read_text()
    code, out, err = cli.run("keys", "rotate")
    assert code == 0, err
    assert "old master key was retired" in _said(out)
    assert (cli.workdir / "bigconv.key").read_text() != old
    assert _leftovers(cli) == []
    assert _cells(cli) == before
    (cli.workdir / "bigconv.key").write_text(old)  # someone restores the old key file
    code, _, err = cli.run("report", "--period", "2018", "--format", "json")
    assert code != 0 and "cannot open the data keys" in _said(err) and "Traceback" not in err


def test_keep_old_keeps_a_copy_only_when_asked_and_warns(cli: Cli) -> None:
    _load(cli)
    old = (cli.workdir / "bigconv.key").read_text()
    code, out, err = cli.run("keys", "rotate", "--keep-old", "old-master.key")
    assert code == 0, err
    assert "WARNING" in out and "Destroy it" in _said(out)
    assert (cli.workdir / "old-master.key").read_text() == old


def test_a_crash_before_the_commit_keeps_the_old_key_working(cli: Cli) -> None:
    _load(cli)
    before = _cells(cli)
    old = (cli.workdir / "bigconv.key").read_text()
    crashed = cli.spawn_with({FAULT_ENV: "rotate-before-commit"}, "keys", "rotate")
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    assert (cli.workdir / "bigconv.key").read_text() == old
    assert _cells(cli) == before  # the old key still opens everything
    code, _, err = cli.run("keys", "rotate")  # the staged key opens nothing: said so
    assert code == 2 and "never committed" in _said(err) and "Nothing was changed" in err
    (cli.workdir / "bigconv.key.new").unlink()
    assert cli.run("keys", "rotate")[0] == 0
    assert _cells(cli) == before


def test_a_crash_after_the_commit_names_the_new_key_and_is_finished_by_rotating_again(
    cli: Cli,
) -> None:
    _load(cli)
    before = _cells(cli)
    crashed = cli.spawn_with({FAULT_ENV: "rotate-after-commit"}, "keys", "rotate")
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    staged = cli.workdir / "bigconv.key.new"
    assert staged.exists()
    code, _, err = cli.run("report", "--period", "2018", "--format", "json")
    assert code != 0 and "bigconv.key.new" in _said(err) and "keys rotate" in err
    code, out, err = cli.run("keys", "rotate")
    assert code == 0, err
    assert "Finished the rotation that was interrupted" in _said(out)
    assert _leftovers(cli) == []
    assert _cells(cli) == before


def _env_cli(cli: Cli) -> str:
    """Move the master key into the environment, as a custodian would hand it over."""
    key = (cli.workdir / "bigconv.key").read_text().strip()
    (cli.workdir / "bigconv.key").unlink()
    cli.env["BIGCONV_MASTER_KEY"] = key
    return key


def test_rotate_with_an_environment_key_shows_it_once_and_waits_for_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(cli)
    before = _cells(cli)
    old = _env_cli(cli)
    code, out, err = cli.run_with_input("not the key\n", "keys", "rotate")
    assert code == 2 and "Nothing was changed" in _said(err) and "Traceback" not in err
    assert _cells(cli) == before
    code, out, err = cli.run_with_input("", "keys", "rotate")  # nobody at the keyboard
    assert code == 2 and "No key was typed back" in _said(err)
    assert _cells(cli) == before
    shown: list[str] = []
    printed = key_rotation.console.print

    def watch(*objects: object, **options: Any) -> None:
        shown.extend(re.findall(r"New master key \(id \w+\): (\S+)", " ".join(map(str, objects))))
        printed(*objects, **options)

    # The operator reads the key off the screen and types it back.
    monkeypatch.setattr(key_rotation.console, "print", watch)
    monkeypatch.setattr(keys_command, "_confirm", lambda _: shown[-1])
    code, out, err = cli.run("keys", "rotate")
    assert code == 0, err
    assert len(shown) == 1 and shown[0] != old and out.count(shown[0]) == 1
    assert "Now set BIGCONV_MASTER_KEY" in _said(out)
    assert not (cli.workdir / "bigconv.key").exists() and _leftovers(cli) == []
    code, _, err = cli.run("report", "--period", "2018", "--format", "json")
    assert code != 0 and "cannot open the data keys" in _said(err)  # old key: retired
    cli.env["BIGCONV_MASTER_KEY"] = shown[0]
    assert _cells(cli) == before


def test_rotate_with_an_environment_key_and_a_new_key_file(cli: Cli) -> None:
    _load(cli)
    before = _cells(cli)
    _env_cli(cli)
    new = generate_key()
    write_key_file(cli.workdir / "next.key", new)
    code, out, err = cli.run("keys", "rotate", "--new-key-file", "next.key")
    assert code == 0, err
    assert "next.key" in out
    cli.env["BIGCONV_MASTER_KEY"] = base64.b64encode(new).decode()
    assert _cells(cli) == before


def test_shred_refuses_an_open_round_and_reaches_old_backups(cli: Cli) -> None:
    _load(cli)
    assert cli.run("rounds", "open", "--days", "7")[0] == 0
    month = datetime.now(UTC).strftime("%Y-%m")
    code, _, err = cli.run("keys", "shred", month, "--yes")
    assert code == 2 and "still open" in _said(err) and "Traceback" not in err
    code, out, _ = cli.run_with_input("n\n", "keys", "shred", "2018-10")
    assert "Nothing was changed" in out
    backup = (cli.workdir / "bigconv.db").read_bytes()
    code, out, err = cli.run("keys", "shred", "2018-10", "--yes")
    assert code == 0, err
    assert "Shredded the 2018-10 round" in out and _leftovers(cli) == []
    code, out, err = cli.run("keys", "shred", "2018-10", "--yes")
    assert code == 2 and "already shredded" in _said(err)
    # The backup taken before the shred, restored with the key we have now: unreadable.
    (cli.workdir / "bigconv.db").write_bytes(backup)
    for extra in cli.workdir.glob("bigconv.db-*"):
        extra.unlink()
    code, _, err = cli.run("report", "--period", "2018", "--format", "json")
    assert code != 0 and "cannot open the data keys" in _said(err)


@pytest.mark.parametrize("ref", ["1999-01", "not-a-round"])
def test_shred_of_an_unknown_round_is_one_clear_message(cli: Cli, ref: str) -> None:
    _load(cli)
    code, _, err = cli.run("keys", "shred", ref, "--yes")
    assert code == 2 and "There is no round" in _said(err) and "Traceback" not in err


def test_keep_old_on_an_existing_file_changes_nothing(cli: Cli) -> None:
    _load(cli)
    before = _cells(cli)
    old = (cli.workdir / "bigconv.key").read_text()
    cli.write("taken.key", "something else")
    code, _, err = cli.run("keys", "rotate", "--keep-old", "taken.key")
    assert code == 2 and "already exists" in _said(err) and "Traceback" not in err
    assert (cli.workdir / "bigconv.key").read_text() == old and _leftovers(cli) == []
    assert (cli.workdir / "taken.key").read_text() == "something else"
    assert _cells(cli) == before


def test_a_bad_new_key_file_changes_nothing(cli: Cli) -> None:
    _load(cli)
    old = (cli.workdir / "bigconv.key").read_text()
    bad = cli.write("bad.key", "not base64 at all!")
    bad.chmod(0o600)
    code, _, err = cli.run("keys", "rotate", "--new-key-file", "bad.key")
    assert code == 2 and "not valid base64" in _said(err) and "Traceback" not in err
    assert (cli.workdir / "bigconv.key").read_text() == old and _leftovers(cli) == []
