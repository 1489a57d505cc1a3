"""Cutting people's text to a platform's length limit, and escaping it, in that order.

Lengths are counted in UTF-16 code units, as JavaScript counts them: never less than
Python's count, so a limit met here is met whichever way the platform counts. A cut
never falls inside a character, an escape sequence such as `&amp;` (we cut the raw
text, then escape), or a grapheme: an emoji with its skin tone, a ZWJ family, a flag
(two regional indicators), or a letter with its combining accents."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

ELLIPSIS = "…"
ZWJ = "\u200d"


def utf16_len(text: str) -> int:
    # Encoding runs in C: a per-character loop here cost milliseconds per message.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _joins_previous(ch: str) -> bool:
    """Characters that belong to the grapheme before them."""
    code = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch == ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji or text style)
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def safe_cut(text: str, index: int) -> int:
    """The largest index <= `index` that is a grapheme boundary of `text`."""
    while 0 < index < len(text):
        ch, before = text[index], text[index - 1]
        if _joins_previous(ch) or before == ZWJ:
            index -= 1
            continue
        if _regional(ch) and _regional(before):
            run = 0  # flags pair up from the start of a run of regional indicators
            while index - run - 1 >= 0 and _regional(text[index - run - 1]):
                run += 1
            if run % 2 == 1:
                index -= 1
                continue
        break
    return index


def fit(text: str, limit: int, escape: Callable[[str], str] = lambda ch: ch) -> str:
    """`escape(text)`, cut (before escaping) so that it is at most `limit` UTF-16 code
    units, ending in an ellipsis when cut. `escape` works one character at a time."""
    escaped = [escape(ch) for ch in text]
    whole = "".join(escaped)
    if utf16_len(whole) <= limit:
        return whole
    budget = limit - utf16_len(ELLIPSIS)
    used = index = 0
    while index < len(text) and used + utf16_len(escaped[index]) <= budget:
        used += utf16_len(escaped[index])
        index += 1
    index = safe_cut(text, index)
    return "".join(escaped[:index]).rstrip() + ELLIPSIS


def mrkdwn_char(ch: str) -> str:
    """Slack: &, < and > are control characters in mrkdwn, so in every `text` too."""
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch)


def slack_escape(text: str) -> str:
    return "".join(mrkdwn_char(ch) for ch in text)


def slack_text(text: str, limit: int) -> str:
    """Text of ours with people's words in it, for a mrkdwn field or a message's
    top-level `text`: nothing in it can mention, link or format as markup."""
    return fit(text, limit, mrkdwn_char)


_TEAMS_SPECIAL = frozenset("\\[]*_`~<>")


def teams_escape(text: str) -> str:
    """Adaptive Card TextBlocks read a subset of Markdown (CommonMark, where a backslash
    makes punctuation literal): escape what would make a link, an autolink, emphasis or
    code, so people's words show as they typed them. Lists and headings are left: they
    only change the layout."""
    return "".join("\\" + ch if ch in _TEAMS_SPECIAL else ch for ch in text)
