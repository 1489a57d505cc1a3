"""People's words with mentions, links, entities, emoji and right-to-left text go through
every renderer on both platforms: nothing is interpreted, nothing cut inside anything.

Slack: the messages as the Slack stand-in received them over the Web API (top-level
`text` and every mrkdwn field). Teams: every TextBlock and fact of the cards, and the
plain-text activity a relayed reply travels in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import SECTION_TEXT_MAX
from bot.slack.channel_port import SlackChannelPort
from bot.teams.cards.prompt_card import prompt_card
from bot.teams.cards.replies import notice_card
from bot.teams.channel_port import text_activity
from bot.text_fit import utf16_len
from discussion import PostInfo
from handlers.discussion import ChannelRef, PromptCard, ReplyMode
from standins.slack import TEAM_ID, SlackStandIn
from standins.slack.rate_limits import RateLimits
from tests.slack.conftest import EDI_USER, STAFF_USER, Harness
from tests.slack.conftest import harness as harness  # noqa: F401  (the running server)
from tests.slack.conftest import store as store  # noqa: F401
from tests.slack.conftest import workspace as workspace  # noqa: F401
from tests.slack.test_commands import _command

HOSTILE = "<!channel> <@U123> <https://x|y> &amp; 👩🏽‍⚕️🇬🇧 שלום مرحبا [x](https://y) *b*"
CHANNEL = "C0NETWORK"
LIVE_SLACK = re.compile(r"<[!@#]|<https?:|&(?!amp;|lt;|gt;)")
LIVE_TEAMS = re.compile(r"(?<!\\)[\[<*]")


def hostile_card(body: str = HOSTILE) -> PromptCard:
    return PromptCard(
        prompt_id="p1",
        network=f"bme {HOSTILE}",
        title=f"Title {HOSTILE}",
        body=body,
        questions=(f"Q1 {HOSTILE}", "Q2 & <b>"),
        image_url=None,
        image_alt=None,
        reply_mode=ReplyMode.RELAY,
    )


def _mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def _assert_inert_for_slack(text: str) -> None:
    assert not LIVE_SLACK.search(text), text
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)  # no half surrogate pair


@pytest.mark.parametrize("body", [HOSTILE, "&" * 3000, ("a&<>" + HOSTILE) * 60, "👩🏽‍⚕️" * 800])
async def test_slack_messages_carry_no_live_markup(body: str) -> None:
    async with SlackStandIn(limits=RateLimits(per_channel_burst=5)) as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.base_url)
        port = SlackChannelPort(client)
        landed = await port.post_prompt(ChannelRef("slack", TEAM_ID, CHANNEL), hostile_card(body))
        post = PostInfo(ChannelRef("slack", TEAM_ID, CHANNEL), "2026-03", dict(landed))
        await port.post_in_thread(post, f"A colleague said: {body}")
        await port.send_direct({"platform": "slack", "user": "U0000003"}, f"Chair: {body}")
        messages = slack.state.messages
        assert len(messages) == 3
        for message in messages:
            _assert_inert_for_slack(message.text)
            for text in _mrkdwn_texts(message.blocks):
                _assert_inert_for_slack(text)
                assert utf16_len(text) <= SECTION_TEXT_MAX
        prompt = messages[0]
        if body == "&" * 3000:  # the example: the end is kept whole, not mangled
            [section] = [t for t in _mrkdwn_texts(prompt.blocks) if t.startswith("&amp;")]
            assert section.endswith("&amp;…")
        assert "&lt;!channel&gt;" in prompt.text  # shown as typed, not acted on


def _teams_texts(card: dict[str, Any]) -> list[str]:
    texts = [str(e["text"]) for e in card["body"] if e.get("type") == "TextBlock"]
    for element in card["body"]:
        if element.get("type") == "FactSet":
            texts += [f"{f['title']} {f['value']}" for f in element["facts"]]
    return texts


def test_teams_cards_carry_no_live_markdown() -> None:
    for card in (prompt_card(hostile_card()), notice_card(f"Refused: {HOSTILE}")):
        texts = _teams_texts(card)
        assert any("שלום" in t and "👩🏽‍⚕️" in t for t in texts)
        for text in texts:
            assert not LIVE_TEAMS.search(text), text
    relayed = text_activity(f"A colleague said: {HOSTILE}")
    assert relayed.text_format == "plain" and relayed.text.endswith(HOSTILE)


async def test_slack_command_replies_that_echo_what_was_typed_are_escaped(
    harness: Harness,
) -> None:
    """`/wres <!channel>` and `/pulse <@U123>` are answered with what was typed quoted
    back: the quote is shown, never acted on."""
    h = harness
    texts = []
    for user, command, typed in (
        (EDI_USER, "/wres", "<!channel> <https://x|y>"),
        (STAFF_USER, "/pulse", "<@U123> &amp;"),
    ):
        answer = await _command(h, user, command, typed)
        text = str(answer.get("text", ""))
        assert text, answer
        _assert_inert_for_slack(text)
        texts.append(text)
    assert any("&lt;" in text for text in texts), texts  # it was quoted back, escaped
