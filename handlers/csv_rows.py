"""Import files (docs/indicators.md#import-csv): each bad row is reported with line and reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        # Line 0: about the file as a whole, not any line of it.
        return f"line {self.line}: {self.reason}" if self.line > 0 else self.reason


class ImportRejected(ValueError):
    """The whole file was refused; nothing of it was stored."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        noun = "problem" if len(self.errors) == 1 else "problems"
        super().__init__(f"{len(self.errors)} {noun}; nothing was imported")


def read_text(path: Path) -> str:
    """The file as text, refusing what is not UTF-8 CSV with one clear reason."""
    if not path.is_file():
        raise ImportRejected([RowError(0, f"{path} is not a file")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRejected([RowError(0, f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB")])
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(0, f"the file is not UTF-8 text ({exc.reason})")]) from exc


def parse_rows(
    text: str, *, header: Sequence[str], parse: Callable[[dict[str, str]], T]
) -> list[tuple[int, T]]:
    """Parse every data row with `parse`; collect all errors, then raise them together."""
    reader = csv.reader(io.StringIO(text))
    errors: list[RowError] = []
    parsed: list[tuple[int, T]] = []
    try:
        first = next(reader)
    except StopIteration:
        raise ImportRejected([RowError(1, "the file is empty")]) from None
    except csv.Error as exc:
        raise ImportRejected([RowError(1, f"not readable as CSV: {exc}")]) from None
    names = [h.strip() for h in first]
    if names != list(header):
        expected = ",".join(header)
        raise ImportRejected([RowError(1, f"the header must be exactly: {expected}")])
    for line, row in _numbered(reader, errors):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(RowError(line, f"expected {len(header)} columns, found {len(row)}"))
            continue
        try:
            parsed.append((line, parse(dict(zip(header, (c.strip() for c in row), strict=True)))))
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected([RowError(2, "the file has a header but no data rows")])
    return parsed


def _numbered(
    reader: Iterator[list[str]], errors: list[RowError]
) -> Iterator[tuple[int, list[str]]]:
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(RowError(line + 1, f"not readable as CSV: {exc}"))
            return
        line = getattr(reader, "line_num", line + 1)
        yield line, row
