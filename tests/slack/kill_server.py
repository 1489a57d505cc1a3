"""A server process for the kill test: the real Slack runtime behind the real aiohttp
server on the given database, with the Slack stand-in (bolt asks it auth.test) in the same
process. Prints its port, then serves until killed.

    python -m tests.slack.kill_server URL MASTER_KEY_HEX PEPPER_HEX SIGNING_SECRET MIXING_DIR
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.settings import Settings, SlackSettings
from bot.slack.wiring import build_slack_runtime
from bot.web.server import build_server, start_server
from standins.slack import SlackStandIn, Workspace
from storage.keys import Secrets
from storage.store import Store


async def serve(url: str, secrets: Secrets, signing_secret: str, mixing: Path) -> None:
    store = Store.open(url, secrets, mixing_dir=mixing)
    async with SlackStandIn(workspace=Workspace.sample(), signing_secret=signing_secret) as slack:
        runtime = build_slack_runtime(
            store,
            Settings(),
            SlackSettings(api_base_url=slack.base_url),
            token=slack.token,
            signing_secret=signing_secret,
        )
        _, base = await start_server(
            build_server(store, slack_events=runtime.events.handle), "127.0.0.1", 0
        )
        print(base.rsplit(":", 1)[1], flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    url, master, pepper, secret, mixing = sys.argv[1:6]
    keys = Secrets(bytes.fromhex(master), bytes.fromhex(pepper))
    asyncio.run(serve(url, keys, secret, Path(mixing)))
