"""The starter library: every theme, 3-5 questions each, and every prompt a valid draft."""

from __future__ import annotations

import pytest

from handlers.discussion import PromptDraft, library, validate_draft
from handlers.discussion.starter_library import StarterPrompt, themes
from tests.discussion.conftest import CHANNEL, NOW

THEMES = {"belonging", "progression", "speaking up", "allyship", "racism from the public"}


def test_every_theme_is_covered() -> None:
    assert set(themes()) == THEMES


@pytest.mark.parametrize("starter", library(), ids=lambda s: s.title)
def test_each_starter_is_a_valid_prompt(starter: StarterPrompt) -> None:
    assert 3 <= len(starter.questions) <= 5
    draft = starter.draft(network="bme", channels=(CHANNEL,))
    assert isinstance(draft, PromptDraft) and draft.title == starter.title
    assert validate_draft(draft, now=NOW) == []


def test_titles_are_unique() -> None:
    titles = [s.title for s in library()]
    assert len(titles) == len(set(titles))
