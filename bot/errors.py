"""Known failures become one clear message and a non-zero exit; never a stack trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import ConfigError
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
