"""Known failures become one clear message and a non-zero exit; never a stack trace.

The exception classes are imported only when something has gone wrong: importing them
up front would load the whole program (pandas, SQLAlchemy, ...) before `--help`."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from bot.terminal.failure_messages import DEBUG_ENV, describe

if TYPE_CHECKING:
    from handlers.csv_rows import ImportRejected

T = TypeVar("T")
err = Console(stderr=True, highlight=False)

EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3


def _reject(exc: ImportRejected) -> None:
    for error in exc.errors[:200]:
        err.print(f"[red]error[/] {error}", markup=True)
    if len(exc.errors) > 200:
        err.print(f"... and {len(exc.errors) - 200} more")
    err.print(f"[red]Rejected:[/] {exc}")


def run_cleanly(action: Callable[[], T]) -> T:
    """Run `action`; turn the failures a user can fix into a message and an exit code."""
    try:
        return action()
    except typer.Exit:
        raise
    except Exception as exc:
        raise _clean_exit(exc) from None


def _clean_exit(exc: Exception) -> typer.Exit:
    from bot.settings import ConfigError
    from handlers.csv_rows import ImportRejected
    from handlers.identity import NotAllowed
    from handlers.reports import ReportRefused
    from storage.errors import StorageError
    from storage.keys import KeyConfigError
    from storage.vault import DecryptionError

    if isinstance(exc, ImportRejected):
        _reject(exc)
        return typer.Exit(EXIT_BAD_INPUT)
    if isinstance(exc, (ConfigError, KeyConfigError, DecryptionError, StorageError)):
        err.print(f"[red]error:[/] {escape(str(exc))}")  # "[teams] ..." is not markup
        return typer.Exit(EXIT_BAD_INPUT)
    if isinstance(exc, (ReportRefused, NotAllowed)):
        err.print(f"[red]refused:[/] {escape(str(exc))}")
        return typer.Exit(EXIT_REFUSED)
    message = describe(exc)
    if message is None:
        raise exc  # a bug: main() says so, in one line
    err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(EXIT_BAD_INPUT)


def last_resort(exc: BaseException) -> int:
    """What the command line does with an exception nothing else caught: one message,
    exit code 3; the stack trace only when BIGCONV_DEBUG is set."""
    if os.environ.get(DEBUG_ENV):
        traceback.print_exception(exc, file=sys.stderr)
    message = describe(exc)
    if message is not None:
        err.print(f"[red]error:[/] {escape(message)}")
        return EXIT_BAD_INPUT
    err.print(
        f"[red]error:[/] something went wrong inside bigconv ({type(exc).__name__}); "
        f"nothing more was done. Run again with {DEBUG_ENV}=1 to see the details, and "
        "please report it."
    )
    return EXIT_BUG
