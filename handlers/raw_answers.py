"""Answers as a form delivers them, before validation (its own module so that
handlers.profile and handlers.submission can both use it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawAnswers:
    """Answers as a form delivers them, before validation. Blank means skipped."""

    ethnicity: str | None
    staff_group: str | None
    answers: dict[str, int | None]
    grounds: frozenset[int] = frozenset()
