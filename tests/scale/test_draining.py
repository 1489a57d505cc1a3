"""/healthz while a replica drains: 503 "draining" for the load balancer, while any other
request is still answered, on a connection closed after it (no keep-alive)."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.web.server import build_server, start_server
from storage.db import Database
from storage.keys import Secrets
from storage.store import Store
from storage.vault import Vault


async def test_healthz_says_draining_and_requests_are_still_answered(
    database: Database, secrets: Secrets
) -> None:
    draining = asyncio.Event()
    app = build_server(Store(database, Vault(secrets)), draining=draining)
    runner, base = await start_server(app, "127.0.0.1", 0, shutdown_timeout=1)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/healthz") as got:
                assert got.status == 200 and got.headers.get("Connection") != "close"
            draining.set()
            async with session.get(f"{base}/healthz") as got:
                assert (got.status, await got.json()) == (503, {"status": "draining"})
            async with session.get(f"{base}/metrics") as got:
                assert got.status == 200 and got.headers.get("Connection") == "close"
    finally:
        await runner.cleanup()
