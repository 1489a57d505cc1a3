"""`bigconv rounds open|close|status` end to end on a real SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.identity import Person
from handlers.pulse import submit
from handlers.submission import RawAnswers
from storage.keys import generate_key, write_key_file
from storage.store import Store
from tests.cli.conftest import Cli, open_cli_store
from tests.surveys.lpt_builder import import_csv, reference_answers


def test_open_status_close(cli: Cli) -> None:
    code, _, _ = cli.run("db", "upgrade")
    assert code == 0
    store = open_cli_store(cli)
    try:
        store.roster.sync(
            platform="slack", workspace="T1", members={f"U{n}": {"user": f"U{n}"} for n in range(4)}
        )
    finally:
        store.close()
    month = datetime.now(UTC).strftime("%Y-%m")
    code, out, err = cli.run("rounds", "open", "--days", "7")
    assert code == 0, err
    assert f"Round {month} is open" in out and "4 invitations queued" in out
    code, out, _ = cli.run("rounds", "open")
    assert code == 0 and "4 invitations queued" in out  # the same round, nobody twice

    store = open_cli_store(cli)
    try:
        _one_answer(store, month)
    finally:
        store.close()
    code, out, _ = cli.run("rounds", "status")
    assert code == 0
    assert month in out and "open" in out
    row = next(line for line in out.splitlines() if month in line)
    # Invited 4 (none sent yet); one took part, shown only as fewer than k.
    assert " 0/4 " in row and "fewer than" in row and " 1 " not in row
    short_id = row.split()[-1]
    assert len(short_id) == 8 and out.count(short_id) == 1  # the id `rounds close` takes

    code, out, _ = cli.run("rounds", "close", "--period", month)
    assert code == 0 and f"Round {month} closed: 1 answers moved" in " ".join(out.split())
    code, _, err = cli.run("rounds", "open", "--period", "2099-01")
    assert code == 2 and "has not started yet" in err
    code, out, err = cli.run("rounds", "close", "--period", month)
    assert code == 2 and "no such open round" in out + err
    code, out, _ = cli.run("rounds", "status")
    assert "closed" in out and "round closed before sending" in out
    code, out, _ = cli.run("audit", "verify")
    assert code == 0


def test_a_bad_period_is_refused(cli: Cli) -> None:
    code, out, err = cli.run("rounds", "open", "--period", "June")
    assert code == 2 and "must be a month" in out + err


def test_closing_without_the_mixing_key_is_one_clear_message_and_keeps_the_round(
    cli: Cli,
) -> None:
    assert cli.run("rounds", "open", "--days", "7")[0] == 0
    month = datetime.now(UTC).strftime("%Y-%m")
    store = open_cli_store(cli)
    try:
        round_ = store.rounds.open_round_for(month)
        assert round_ is not None
        raw = RawAnswers(ethnicity="01", staff_group="bank", answers={"q14a": 1})
        submit(
            store, person=Person("slack", "T1", "U1"), round_id=round_.id, raw=raw, remember=True
        )
        key_file = store.mixing.path(round_.id)
    finally:
        store.close()
    kept = key_file.read_bytes()
    key_file.unlink()
    code, out, err = cli.run("rounds", "close", "--period", month)
    said = " ".join((out + err).split())
    assert code == 2 and "mixing key" in said and "stays open" in said
    assert "Traceback" not in out + err
    key_file.write_bytes(kept)
    code, out, err = cli.run("rounds", "close", "--period", month)
    assert code == 0, err


def test_status_names_shreds_that_backups_still_read_until_the_key_is_rotated(cli: Cli) -> None:
    csv_text = import_csv(reference_answers(2018), "2018-10")
    assert cli.run("import-responses", str(cli.write("lpt.csv", csv_text)))[0] == 0
    store = open_cli_store(cli)
    try:  # the scheduler's retention run with the master key in the environment
        assert store.shred_expired(today=date(2026, 11, 30), months=24) == ["2018-10"]
    finally:
        store.close()
    key = (cli.workdir / "bigconv.key").read_text().strip()
    (cli.workdir / "bigconv.key").unlink()
    cli.env["BIGCONV_MASTER_KEY"] = key
    code, out, err = cli.run("rounds", "status")
    said = " ".join(out.split())
    assert code == 0, err
    assert "ACTION NEEDED" in said and "2018-10" in said and "`bigconv keys rotate`" in said
    write_key_file(cli.workdir / "new.key", generate_key())
    assert cli.run("keys", "rotate", "--new-key-file", "new.key")[0] == 0
    cli.env["BIGCONV_MASTER_KEY"] = (cli.workdir / "new.key").read_text().strip()
    code, out, err = cli.run("rounds", "status")
    assert code == 0, err
    assert "ACTION NEEDED" not in out


def _one_answer(store: Store, month: str) -> str:
    """U1 answers the month's open round; its id."""
    round_ = store.rounds.open_round_for(month)
    assert round_ is not None
    raw = RawAnswers(ethnicity="01", staff_group="bank", answers={"q14a": 1})
    submit(store, person=Person("slack", "T1", "U1"), round_id=round_.id, raw=raw, remember=False)
    return round_.id


class _StopAfter(list[float]):
    """The close's `timings`: the process stops after its second transaction."""

    def append(self, value: float) -> None:
        super().append(value)
        if len(self) == 2:
            raise KeyboardInterrupt


def test_a_round_left_closing_shows_so_and_rounds_close_finishes_it(cli: Cli) -> None:
    code, _, _ = cli.run("db", "upgrade")
    assert code == 0
    month = datetime.now(UTC).strftime("%Y-%m")
    assert cli.run("rounds", "open", "--days", "7")[0] == 0
    store = open_cli_store(cli)
    try:
        round_id = _one_answer(store, month)
        with pytest.raises(KeyboardInterrupt):  # the close stops part-way
            store.rounds.close(round_id, timings=_StopAfter())
    finally:
        store.close()
    code, out, _ = cli.run("rounds", "status")
    row = next(line for line in out.splitlines() if month in line)
    assert code == 0 and "closing" in row
    code, out, _ = cli.run("rounds", "close")  # the one unfinished round
    assert code == 0 and f"Round {month} closed: 1 answers moved" in " ".join(out.split())
    code, out, _ = cli.run("rounds", "status")
    row = next(line for line in out.splitlines() if month in line)
    assert " closed " in f" {row} "
