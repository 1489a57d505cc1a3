"""GET /privacy and GET /terms: the pages the Teams app package links to (privacyUrl,
termsOfUseUrl). The privacy page is the in-chat privacy notice itself, word for word,
so the two can never say different things."""

from __future__ import annotations

import html

from aiohttp import web

from bot.settings import Settings, notice_settings
from handlers.commands import TYPED_COMMANDS
from handlers.messages import PrivacyNotice
from handlers.privacy import privacy_notice

PRIVACY_PATH, TERMS_PATH = "/privacy", "/terms"
STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;max-width:42em;margin:2em auto;"
    "padding:0 1em;line-height:1.5;color:#212b32}h1{font-size:1.6em}"
)


def terms_paragraphs(trust: str, privacy_url: str) -> tuple[str, ...]:
    return (
        f"Big Conversation is provided by {trust} for its staff, including bank, agency, "
        "locum and student staff and volunteers, to take part in anonymous pulse surveys "
        "and in Big Conversation prompts from staff networks.",
        "Taking part is voluntary. You may skip any question, stop invitations at any time "
        "(type opt-out) and ask for what is held about you to be erased (forget-me).",
        "Anonymous replies to a prompt are read by the network's chair (and the EDI team) "
        "before anything is shared. Do not name or describe colleagues or patients in a "
        "reply: a reply that could identify someone is not passed on.",
        "Results are published only as totals for groups large enough that nobody can be "
        "picked out, and are never used to make decisions about any one person.",
        f"How your information is handled is set out in the privacy notice: {privacy_url}. "
        "The software is open source and is provided without warranty; the trust is "
        "responsible for running it.",
    )


def _page(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>\n{body}\n</main></body></html>\n"
    )


def privacy_page(notice: PrivacyNotice) -> str:
    return _page(notice.title, notice.paragraphs)


def add_policy_pages(app: web.Application, settings: Settings) -> None:
    """Mount /privacy and /terms on `app` (before it starts)."""
    privacy = privacy_page(privacy_notice(notice_settings(settings), TYPED_COMMANDS))
    terms = _page(
        f"Terms of use: Big Conversation at {settings.trust_name}",
        terms_paragraphs(settings.trust_name, PRIVACY_PATH),
    )
    headers = {"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"}

    async def privacy_handler(request: web.Request) -> web.Response:
        return web.Response(text=privacy, content_type="text/html", headers=headers)

    async def terms_handler(request: web.Request) -> web.Response:
        return web.Response(text=terms, content_type="text/html", headers=headers)

    app.router.add_get(PRIVACY_PATH, privacy_handler)
    app.router.add_get(TERMS_PATH, terms_handler)
