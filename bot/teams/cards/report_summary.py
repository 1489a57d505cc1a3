"""The WRES 5-8 summary card for the EDI team, with download links for the full report.

The wording comes from surveys.render.chat_summary (the same as Slack's); suppressed
figures are said in words. The files themselves are never in the card or the chat:
Teams cannot attach files to a personal chat without a consent card, so each is a link
to our server that stops working after a few minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.teams.cards.elements import Card, Element, card, facts, heading, open_url, text
from bot.teams.ids import CardId
from surveys.render.chat_summary import footnote, summary_title, wres_summaries
from surveys.report_model import Report


def download_title(filename: str) -> str:
    kind = "Excel" if filename.endswith(".xlsx") else "web page (HTML)"
    return f"Download the full report: {kind}"


def summary_card(
    report: Report, *, links: Sequence[tuple[str, str]] = (), minutes: float = 15
) -> Card:
    """`links`: (file name, URL) for each file of the full report."""
    body: list[Element] = [heading(summary_title(report), id=CardId.REPORT)]
    for summary in wres_summaries(report):
        body.append(text(summary.title, weight="Bolder"))
        body.append(facts(summary.lines))
    body.append(text(footnote(report), subtle=True))
    if links:
        body.append(
            text(
                f"The download links work for {minutes:g} minutes. They are meant for you: "
                "please do not forward them.",
                subtle=True,
            )
        )
    actions = [open_url(download_title(name), url) for name, url in links]
    return card(body, fallback=summary_title(report), actions=actions)
