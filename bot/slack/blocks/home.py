"""The App Home tab: the privacy notice, the current round, the person's settings, and
the latest released results (released cells only)."""

from __future__ import annotations

from bot.slack.blocks.elements import Block, button, context, divider, header, section
from bot.slack.blocks.report_summary import cell_text
from bot.slack.ids import ActionId, BlockId
from handlers.messages import HomeView
from surveys.render.text import INDICATOR_TITLES
from surveys.report_model import WRES_INDICATORS, Report


def _round(home: HomeView) -> list[Block]:
    if home.current_round is None:
        return [section("There is no pulse open right now. The next one will arrive as a message.")]
    if home.taken_part:
        return [
            section(f"The {home.current_round} pulse is open. You have taken part — thank you.")
        ]
    return [
        section(f"The {home.current_round} pulse is open. It takes about a minute."),
        {
            "type": "actions",
            "block_id": BlockId.HOME_ACTIONS,
            "elements": [
                button(
                    "Take the pulse",
                    action_id=ActionId.HOME_START,
                    value="current",
                    label=f"Take the {home.current_round} staff pulse",
                )
            ],
        },
    ]


def _settings(home: HomeView) -> Block:
    pulses = "You have opted out of pulses." if home.opted_out else "You receive monthly pulses."
    background = (
        "Your background answers are remembered (erase them with /pulse forget-me)."
        if home.remembers_background
        else "Your background answers are not remembered."
    )
    return section(f"{pulses} {background} Type /pulse help to change these.")


def _results(report: Report) -> list[Block]:
    k, group = report.min_group_size, report.staff_group_filter
    blocks = [header(f"Latest results: {report.period}")]
    for indicator in WRES_INDICATORS:
        white = cell_text(report.cell(indicator, group, "white"), k)
        bme = cell_text(report.cell(indicator, group, "bme"), k)
        blocks.append(
            section(f"*{INDICATOR_TITLES[indicator]}*\nWhite: {white}\nBME: {bme}", markdown=True)
        )
    return blocks


def home_view(home: HomeView) -> Block:
    blocks: list[Block] = [header("Staff pulse")]
    blocks += _round(home)
    blocks.append(_settings(home))
    blocks.append(divider())
    blocks.append(header(home.privacy.title))
    blocks += [section(p) for p in home.privacy.paragraphs]
    if home.latest is not None:
        blocks.append(divider())
        blocks += _results(home.latest)
    else:
        blocks.append(context("Results appear here once a pulse has closed and been published."))
    return {"type": "home", "blocks": blocks[:100]}
