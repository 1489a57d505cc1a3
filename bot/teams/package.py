"""The Teams app package: manifest.json (schema 1.17) and the two icons, zipped.

Personal scope for everyone (invitations, answers and commands happen in a 1:1 chat
with the bot); team scope so it can be added to the teams whose channels carry Big
Conversation prompts. A command menu with what people can type, and the only domain
the app links to: ours, for the report downloads. Icons are drawn here with Pillow, so
the package needs no design files: a 192×192 colour icon and a 32×32 white-on-transparent
outline.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from bot.teams.ids import Command

MANIFEST_VERSION = "1.17"
SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
ACCENT = "#005EB8"  # NHS blue
BIG_CONVERSATION = "bigconversation"  # handled by the Big Conversation side of the agent
COMMANDS: tuple[tuple[str, str], ...] = (
    (Command.PULSE, "Take this month's staff pulse"),
    (Command.PRIVACY, "How your answers are kept anonymous"),
    (Command.MY_DATA, "What we hold about you"),
    (Command.OPT_OUT, "Stop pulse invitations"),
    (Command.OPT_IN, "Start pulse invitations again"),
    (Command.FORGET_ME, "Erase everything we hold about you"),
    (Command.HELP, "What you can type"),
    (Command.WRES, "EDI team: WRES 5-8 report [period] [staff group]"),
    (Command.ADMIN, "Admins: open, close or check the pulse round [open|close|status]"),
    (BIG_CONVERSATION, "Network chairs: post and moderate Big Conversation prompts"),
)


@dataclass(frozen=True, slots=True)
class AppDetails:
    bot_id: str  # the Entra app (client) id, which is the bot's id
    host: str  # the server's public host name, e.g. bigconv.example.nhs.uk
    developer: str
    website_url: str
    privacy_url: str
    terms_url: str
    version: str = "1.0.0"


DEVELOPER_NAME_MAX = 32  # Teams' manifest limit for developer.name


def developer_name(app: AppDetails) -> str:
    """The trust's name as the package carries it (cut at a word to Teams' limit)."""
    return _fit(app.developer, DEVELOPER_NAME_MAX)


def _fit(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word ("... NHS", not "... NHS T")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if 0 < len(cut) <= limit else text[:limit]


def manifest(app: AppDetails) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": app.version,
        "id": app.bot_id,
        "developer": {
            "name": developer_name(app),
            "websiteUrl": app.website_url,
            "privacyUrl": app.privacy_url,
            "termsOfUseUrl": app.terms_url,
        },
        "name": {"short": "Big Conversation", "full": "Big Conversation staff pulse"},
        "description": {
            "short": "Anonymous monthly staff pulse on harassment and discrimination",
            "full": "A monthly anonymous pulse of NHS Staff Survey questions (WRES 5-8) for "
            "all staff, bank, agency and locum included. Answers are encrypted and never "
            "linked to you; results are shown only for groups of 11 or more.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": app.bot_id,
                "scopes": ["personal", "team"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": ["personal"],
                        "commands": [{"title": c, "description": d} for c, d in COMMANDS],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [app.host] if app.host else [],
    }


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def color_icon() -> bytes:
    """192×192, full colour: a white speech bubble on NHS blue."""
    image = Image.new("RGBA", (192, 192), ACCENT)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((36, 44, 156, 124), radius=22, fill="white")
    draw.polygon([(64, 120), (64, 152), (96, 122)], fill="white")
    for x in (66, 96, 126):
        draw.ellipse((x - 9, 75, x + 9, 93), fill=ACCENT)
    return _png(image)


def outline_icon() -> bytes:
    """32×32, white on transparent, as Teams requires for the outline icon."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 6, 28, 22), radius=4, outline="white", width=2)
    draw.polygon([(9, 21), (9, 27), (15, 21)], fill="white")
    return _png(image)


def package(app: AppDetails) -> bytes:
    """The zip Teams admin centre takes: manifest.json and the icons at its top level."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("manifest.json", json.dumps(manifest(app), indent=2))
        zipped.writestr("color.png", color_icon())
        zipped.writestr("outline.png", outline_icon())
    return out.getvalue()
