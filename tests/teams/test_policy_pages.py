"""The manifest's privacyUrl and termsOfUseUrl answer: `serve` serves /privacy, the
in-chat privacy notice word for word, and /terms."""

from __future__ import annotations

import html
import re
from pathlib import Path

import aiohttp
import pytest

from bot.settings import notice_settings
from handlers.commands import TYPED_COMMANDS
from handlers.privacy import privacy_notice
from tests.teams.conftest import NOT_APP_KEY
from tests.teams.test_serve import ENTRA, serving, teams_only

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


async def _get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as got:
        return got.status, got.content_type, await got.text()


async def test_privacy_and_terms_pages_are_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in ENTRA.items():
        monkeypatch.setenv(name, value)
    settings = teams_only(tmp_path)
    async with serving(settings) as base:
        status, kind, page = await _get(f"{base}/privacy")
        assert (status, kind) == (200, "text/html")
        shown = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
        notice = privacy_notice(notice_settings(settings), TYPED_COMMANDS)
        assert shown == list(notice.paragraphs)  # the same words as in Teams
        status, kind, page = await _get(f"{base}/terms")
        assert (status, kind) == (200, "text/html")
        assert "Terms of use" in page and "href" not in page and "/privacy" in page
