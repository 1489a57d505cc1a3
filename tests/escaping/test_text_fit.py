"""Cutting and escaping people's text: the cut is made before escaping, never inside an
entity, a surrogate pair or a grapheme, and the result always fits."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.text_fit import ELLIPSIS, fit, safe_cut, slack_text, teams_escape, utf16_len

HOSTILE = ["<!channel>", "<@U123>", "<https://x|y>", "&amp;", "&", "<", ">", "👩🏽‍⚕️",
           "🇬🇧", "שלום עולם", "مرحبا", "e\u0301", "\u202eRTL override", "[link](https://x)",
           "**b**"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5), max_size=40).map("".join)
ENTITY_OR_PLAIN = re.compile(r"&(amp|lt|gt);|[^&<>]")


def _no_raw_markup(escaped: str) -> None:
    assert "<" not in escaped and ">" not in escaped
    assert ENTITY_OR_PLAIN.sub("", escaped) == ""  # every & starts one of our entities


@given(TEXTS, st.integers(min_value=2, max_value=120))
def test_slack_text_fits_and_is_never_cut_inside_anything(text: str, limit: int) -> None:
    out = slack_text(text, limit)
    assert utf16_len(out) <= limit
    _no_raw_markup(out)
    shown = html.unescape(out)
    if shown == text:
        return
    assert shown.endswith(ELLIPSIS)
    kept = shown[: -len(ELLIPSIS)]
    assert text.startswith(kept)
    cut = len(kept)  # a grapheme boundary of the original, or trailing spaces trimmed there
    assert safe_cut(text, cut) == cut or text[cut].isspace()


def test_the_issues_example_keeps_whole_entities() -> None:
    body = "&" * 3000
    out = slack_text(body, 3000)
    assert utf16_len(out) <= 3000 and out.endswith("&amp;…")
    assert out.count("&amp;") == (3000 - 1) // 5


def test_emoji_flags_and_accents_are_not_split() -> None:
    nurse = "👩🏽‍⚕️"
    assert fit("ab" + nurse * 3, 9) in ("ab…", "ab" + nurse + "…")
    for limit in range(2, 20):
        out = fit("x" + "🇬🇧" * 5, limit)
        assert utf16_len(out) <= limit
        assert out.count("\U0001f1ec") == out.count("\U0001f1e7"), out  # whole flags only
    assert fit("cafe\u0301 au lait", 6) == "cafe\u0301…"
    assert fit("cafe\u0301 au lait", 5) == "caf…"  # not "cafe" without its accent mark


@given(TEXTS)
def test_teams_text_has_no_live_markdown(text: str) -> None:
    out = teams_escape(text)
    # every [, ], *, _, `, <, > is preceded by a backslash that is itself not escaped
    for match in re.finditer(r"[\[\]*_`<>~]", out):
        backslashes = len(out[: match.start()]) - len(out[: match.start()].rstrip("\\"))
        assert backslashes % 2 == 1, (out, match.start())
