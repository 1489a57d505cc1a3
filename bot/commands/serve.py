"""`bigconv serve`: the one process. The web server (or Slack Socket Mode) on every
replica; the scheduler, roster sync and delivery worker on the elected leader only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

import typer
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot import scheduler
from bot.commands.common import settings_of
from bot.config import Settings
from bot.delivery import DeliveryWorker
from bot.delivery.settings import delivery_settings
from bot.errors import run_cleanly
from bot.leader import Duties, Leadership, lead_when_elected
from bot.log_privacy import configure_logging
from bot.runtime import open_store
from bot.schedule_settings import schedule_settings
from bot.server import build_server, start_server
from bot.slack.roster_sync import sync_roster
from bot.slack.runtime import SlackRuntime, build_slack_runtime
from bot.slack.settings import server_settings, slack_settings
from storage.store import Store

log = logging.getLogger("bigconv.serve")


def _leader_duties(
    settings: Settings, store: Store, slack: SlackRuntime, team_id: str, channels: tuple[str, ...]
) -> Duties:
    schedule = schedule_settings(settings)
    delivery = delivery_settings(settings)

    async def sync() -> object:
        return await sync_roster(store, slack.client, team_id=team_id, channels=channels)

    async def duties(lost: asyncio.Event) -> None:
        scheduler.configure(
            scheduler.JobContext(
                store,
                schedule,
                recall=settings.privacy.recall,
                retention_months=settings.privacy.retention_months,
            )
        )
        scheduler.register_roster_sync(sync)
        jobs = scheduler.build_scheduler(store, schedule)
        jobs.start()
        worker = DeliveryWorker(
            store,
            {"slack": slack.port},
            delivery.pacing,
            retry=delivery.retry,
            concurrency=delivery.concurrency,
        )
        try:
            with contextlib.suppress(Exception):
                await sync()  # a fresh roster before the first round, not an hour later
            await worker.run(lost)
        finally:
            jobs.shutdown(wait=False)

    return duties


async def run(
    settings: Settings, stop: asyncio.Event, on_ready: Callable[[str], None] = lambda url: None
) -> None:
    """Serve until `stop` is set; `on_ready` gets the bound URL."""
    slack = slack_settings(settings)
    where = server_settings(settings)
    token, secret = slack.bot_token, slack.signing_secret
    app_token = slack.app_token if slack.mode == "socket" else ""
    store = await asyncio.to_thread(open_store, settings)
    runtime = build_slack_runtime(store, settings, slack, token=token, signing_secret=secret)
    socket: AsyncSocketModeHandler | None = None
    events = runtime.events.handle if slack.mode == "http" else None
    runner, url = await start_server(
        build_server(store, slack_events=events, max_body_bytes=where.max_body_bytes),
        where.host,
        where.port,
    )
    try:
        if slack.mode == "socket":
            socket = AsyncSocketModeHandler(runtime.app, app_token, web_client=runtime.client)
            await socket.connect_async()  # type: ignore[no-untyped-call]
        log.info("serving on %s (Slack %s mode)", url, slack.mode)
        on_ready(url)
        team_id = str((await runtime.client.auth_test())["team_id"])
        duties = _leader_duties(settings, store, runtime, team_id, slack.audience_channels)
        await lead_when_elected(Leadership(store.db), stop, duties)
    finally:
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]
        await runner.cleanup()
        await runtime.close()
        store.close()


def serve(ctx: typer.Context) -> None:
    """Run the bot: the web server, and the scheduler and delivery when this is the leader."""
    settings = settings_of(ctx)
    configure_logging()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run(settings, stop)

    run_cleanly(lambda: asyncio.run(main()))
