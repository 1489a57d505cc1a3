"""Adaptive Card 1.5 building blocks, as plain JSON dicts (what the Connector is sent).

Every text wraps (a clipped question is unreadable); meaning is never carried by colour
alone: a problem is said in words and only also shown in the "attention" colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.text_fit import teams_escape

Card = dict[str, Any]
Element = dict[str, Any]

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"


def card(body: Iterable[Element], *, fallback: str, actions: Iterable[Element] = ()) -> Card:
    """A top-level card; `fallback` is what a client that cannot show it says instead."""
    made: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA_URL,
        "version": VERSION,
        "fallbackText": fallback,
        "body": list(body),
    }
    acts = list(actions)
    if acts:
        made["actions"] = acts
    return made


def attachment(content: Card) -> dict[str, Any]:
    return {"contentType": CONTENT_TYPE, "content": content}


def text(
    value: str,
    *,
    id: str | None = None,
    subtle: bool = False,
    weight: str | None = None,
    size: str | None = None,
    color: str | None = None,
    heading: bool = False,
) -> Element:
    # Every TextBlock is escaped: much of what cards show was typed by people.
    block: Element = {"type": "TextBlock", "text": teams_escape(value), "wrap": True}
    if id:
        block["id"] = id
    if heading:
        block["style"] = "heading"  # read as a heading by screen readers (1.5)
    if subtle:
        block["isSubtle"] = True
    if weight:
        block["weight"] = weight
    if size:
        block["size"] = size
    if color:
        block["color"] = color
    return block


def heading(value: str, *, id: str | None = None) -> Element:
    return text(value, id=id, heading=True, weight="Bolder", size="Medium")


def facts(pairs: Iterable[tuple[str, str]]) -> Element:
    return {
        "type": "FactSet",
        "facts": [{"title": teams_escape(t), "value": teams_escape(v)} for t, v in pairs],
    }


def submit(title: str, data: Mapping[str, Any], *, tooltip: str | None = None) -> Element:
    action: Element = {"type": "Action.Submit", "title": title, "data": dict(data)}
    if tooltip:
        action["tooltip"] = tooltip
    return action


def open_url(title: str, url: str) -> Element:
    return {"type": "Action.OpenUrl", "title": title, "url": url}
