"""Pictures of the Teams cards for docs/chair-guide.md, taken from the real product: starts
our server behind /api/messages with the Teams stand-in (as tests/teams/conversation do),
drives a chair's month through Teams' protocol, keeps the cards the bot actually sent, and
draws them with Microsoft's Adaptive Cards renderer in Debian's Chromium
(tests/browser/card_screenshot.js).

    .venv/bin/python scripts/card_screenshots.py     # writes docs/images/teams-*.png

Needs node with `npm ci` done in tests/browser and /usr/bin/chromium.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
IMAGES = ROOT / "docs" / "images"

from bot.settings import TeamsSettings  # noqa: E402
from bot.teams.cards.discussion_ids import ConvInput  # noqa: E402
from bot.teams.connection import Identity  # noqa: E402
from bot.teams.wiring import build_teams_runtime  # noqa: E402
from standins.teams import APP_ID, TeamsStandIn  # noqa: E402
from standins.teams.sdk import connection_manager, trusting_issuer  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.keys import Secrets, generate_key  # noqa: E402
from storage.store import Store  # noqa: E402
from storage.vault import Vault  # noqa: E402
from tests.teams.conftest import REGISTERED, Harness, serve  # noqa: E402
from tests.teams.discussion.conftest import (  # noqa: E402
    DEFAULTS,
    NOW,
    Conv,
    checked,
    conv_settings,
    dialog_card,
    prompt_id_of,
    submit_data,
)

REPLIES = (
    ("I felt like a guest on nights until a senior nurse learnt my name.", False),
    ("Could someone explain how acting-up posts are offered here?", True),
)

# (picture, card it shows, button pressed first)
SHOTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("teams-compose-form", "teams-compose-form", ()),
    ("teams-prompt-card", "teams-prompt-card", ()),
    ("teams-reply-dialog", "teams-reply-dialog", ()),
    ("teams-queue", "teams-queue", ()),
    ("teams-queue-answer", "teams-queue", ("Reply to them",)),
)


async def chair_month(work: Path) -> dict[str, dict[str, Any]]:
    """The BME network's chair composes a prompt, it is posted in Ward 7 › Nursing, two
    colleagues reply anonymously, and the chair opens the queue: each card as sent."""
    db = Database.connect(f"sqlite:///{work / 'bigconv.db'}")
    db.migrate()
    store = Store(db, Vault(Secrets(master_key=generate_key(), pepper=generate_key())), k=3)
    cards: dict[str, dict[str, Any]] = {}
    async with TeamsStandIn(require_auth=True) as teams:
        with trusting_issuer(teams.jwks_url):
            manager = connection_manager(REGISTERED, teams.token_url)
            runtime = build_teams_runtime(
                store,
                conv_settings(),
                TeamsSettings(enabled=True),
                identity=Identity(REGISTERED, manager, APP_ID),
            )
            runtime.deps.now = lambda: NOW
            runner, base = await serve(store, runtime)
            try:
                h = Harness(teams, store, runtime, f"{base}/api/messages", base)
                await h.install_all()
                team = teams.add_team("Ward 7")
                nursing = teams.state.add_channel(team, "Nursing").id
                await teams.caller.add_to_team(h.url, h.user(2), team)
                c = Conv(h, team, nursing)
                cards.update(await _drive(c))
            finally:
                await runner.cleanup()
                runtime.close()
    db.close()
    return cards


async def _drive(c: Conv) -> dict[str, dict[str, Any]]:
    form = await c.say(2, "bigconversation new")
    # No picture: the tests' image address is not on the internet we can reach here.
    values = {**DEFAULTS, "image_url": "", "image_alt": "", "channels": c.nursing}
    data = {**submit_data(form, "Save and schedule"), **values}
    await c.click(2, c.last(2), data)
    await c.post_due(c.now)
    [root] = c.h.teams.channel_posts(c.nursing)
    prompt = checked(root)
    opening = submit_data(prompt, "Reply anonymously")
    reply_form: dict[str, Any] = {}
    for n, (words, ask) in enumerate(REPLIES, start=4):
        reply_form = dialog_card(await c.dialog(n, "task/fetch", opening, root=root.id))
        sent = {
            **submit_data(reply_form, "Send"),
            ConvInput.REPLY_TEXT: words,
            ConvInput.ALLOW_CHAIR_REPLY: "true" if ask else "false",
        }
        await c.dialog(n, "task/submit", sent, root=root.id)
    pid = prompt_id_of(prompt)
    c.h.store.prompts.release(pid)  # as the minute job does after its random delay
    queue = await c.say(2, f"bigconversation queue {pid}")
    return {
        "teams-compose-form": form,
        "teams-prompt-card": prompt,
        "teams-reply-dialog": reply_form,
        "teams-queue": queue,
    }


def main() -> None:
    warnings.simplefilter("ignore")  # the SDK's aiohttp NotAppKeyWarning, as in the tests
    IMAGES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bigconv-cards-"))
    cards = asyncio.run(chair_month(work))
    for name, card in cards.items():
        (work / f"{name}.json").write_text(json.dumps(card, indent=2), encoding="utf-8")
    for name, source, press in SHOTS:
        out = IMAGES / f"{name}.png"
        script = ROOT / "tests" / "browser" / "card_screenshot.js"
        args = [str(script), str(work / f"{source}.json"), str(out), "600", *press]
        subprocess.run(["node", *args], check=True)
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
