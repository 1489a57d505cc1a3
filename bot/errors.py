"""Known failures become one clear message and a non-zero exit; never a stack trace."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import ConfigError
from bot.failure_messages import DEBUG_ENV, describe
from handlers.csv_rows import ImportRejected
from handlers.identity import NotAllowed
from handlers.reports import ReportRefused
from storage.errors import StorageError
from storage.keys import KeyConfigError
from storage.vault import DecryptionError

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
    except ImportRejected as exc:
        _reject(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (ConfigError, KeyConfigError, DecryptionError, StorageError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")  # "[teams] ..." is not markup
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (ReportRefused, NotAllowed) as exc:
        err.print(f"[red]refused:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_REFUSED) from None
    except Exception as exc:
        message = describe(exc)
        if message is None:
            raise  # a bug: main() below says so, in one line
        err.print(f"[red]error:[/] {escape(message)}")
        raise typer.Exit(EXIT_BAD_INPUT) from None


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
