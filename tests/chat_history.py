"""What each person's chat client keeps, as tokens, for the "chat history links nothing"
checks on both platforms (docs/chat-history.md).

A token is any run of 4+ letters, digits, "-" or "_" in a kept message's text or card.
Tokens that the product's own source holds (its fixed wording, element ids, verbs) are
vocabulary and say nothing about anyone; what is left are names, ids, codes, texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{3,}")


def tokens(value: Any) -> set[str]:
    """Every token in the strings of `value` (dict values, list items, nested)."""
    found: set[str] = set()
    if isinstance(value, str):
        found.update(TOKEN.findall(value))
    elif isinstance(value, dict):
        for item in value.values():
            found |= tokens(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= tokens(item)
    return found


@cache
def vocabulary() -> frozenset[str]:
    """Tokens written in the product's source: the same for everyone, so they link no one."""
    found: set[str] = set()
    for package in ("bot", "handlers", "surveys", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            found.update(TOKEN.findall(path.read_text()))
    return frozenset(found)


def crossing(
    author_kept: Iterable[Any], chair_kept: Iterable[Any], public: Iterable[Any]
) -> set[str]:
    """Tokens both sides keep that are neither vocabulary nor on the public channel."""
    shared = tokens(list(author_kept)) & tokens(list(chair_kept))
    return shared - vocabulary() - tokens(list(public))
