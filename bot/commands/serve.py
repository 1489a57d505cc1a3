"""`bigconv serve`: the one process. The web server (Slack's /slack/events or Socket Mode,
Teams' /api/messages) on every replica; the scheduler, roster sync and delivery worker on
the elected leader only. Slack and Teams are each switched on in their own section."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import typer
from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.background import scheduler
from bot.background.leader import Duties, Leadership, lead_when_elected
from bot.commands.common import settings_of
from bot.log_privacy import configure_logging
from bot.settings import ConfigError, Settings, SlackSettings, TeamsSettings
from bot.slack.roster_sync import sync_roster
from bot.slack.wiring import SlackRuntime, build_slack_runtime
from bot.store_opening import open_store
from bot.teams.endpoint import add_teams_routes
from bot.teams.wiring import TeamsRuntime, build_teams_runtime
from bot.terminal.errors import run_cleanly
from bot.web.policy_pages import add_policy_pages
from bot.web.server import build_server, start_server
from handlers.delivery import DeliveryWorker
from handlers.discussion.ports import ChannelPort
from handlers.discussion.post_due import post_due_prompts
from handlers.discussion.release import ReplyRelease
from handlers.ports import ChatPort
from handlers.store_calls import StoreCalls
from storage.recovery import mixing_key_problems, recovered
from storage.store import Store

log = logging.getLogger("bigconv.serve")


@dataclass
class Platforms:
    """The chat platforms this process serves, and what the leader needs from each."""

    slack: SlackRuntime | None = None
    teams: TeamsRuntime | None = None
    roster_syncs: list[scheduler.RosterSync] = field(default_factory=list)

    @property
    def ports(self) -> dict[str, ChatPort]:
        ports: dict[str, ChatPort] = {}
        if self.slack is not None:
            ports["slack"] = self.slack.port
        if self.teams is not None:
            ports["teams"] = self.teams.port
        return ports

    @property
    def channel_ports(self) -> dict[str, ChannelPort]:
        """Where Big Conversation prompts can be posted: the runtimes that offer it."""
        found: dict[str, ChannelPort] = {}
        for name, runtime in (("slack", self.slack), ("teams", self.teams)):
            port = getattr(runtime, "channel_port", None)
            if port is not None:
                found[name] = port
        return found

    def health(self) -> Mapping[str, Any]:
        return self.teams.health() if self.teams is not None else {}


def _leader_duties(
    settings: Settings,
    store: Store,
    platforms: Platforms,
    calls: StoreCalls,
    leadership: Leadership,
) -> Duties:
    schedule = settings.schedule
    delivery = settings.delivery
    release = ReplyRelease(settings.conversation.queue_pacing)

    async def post_prompts(now: datetime) -> object:
        return await post_due_prompts(store, platforms.channel_ports, calls, now)

    async def duties(lost: asyncio.Event) -> None:
        scheduler.configure(
            scheduler.JobContext(
                store,
                schedule,
                recall=settings.privacy.recall,
                retention_months=settings.privacy.retention_months,
                keys=settings.keys,
                reply_release=release,
            )
        )
        for sync in platforms.roster_syncs:
            scheduler.register_roster_sync(sync)
        scheduler.register_prompt_poster(post_prompts)
        for runtime in (platforms.slack, platforms.teams):
            if runtime is not None:
                scheduler.register_digest_sender(runtime.send_digests)
        jobs = scheduler.build_scheduler(store, schedule)
        jobs.start()
        worker = DeliveryWorker(
            store,
            platforms.ports,
            delivery.pacing,
            retry=delivery.retry,
            concurrency=delivery.concurrency,
            calls=calls,
            epoch=leadership.epoch,  # fences its claims: a stale leader cannot send
        )

        async def sync_now() -> None:
            for sync in platforms.roster_syncs:
                with contextlib.suppress(Exception):
                    await sync()  # a fresh roster at once, not an hour later

        # Beside the worker, not before it: a new leader taking over a fan-out resumes
        # sending at once instead of after a sync of the whole workspace.
        syncing = asyncio.create_task(sync_now())
        try:
            await worker.run(lost)
        finally:
            syncing.cancel()
            jobs.shutdown(wait=False)

    return duties


async def _start_slack(
    store: Store, runtime: SlackRuntime, slack: SlackSettings, platforms: Platforms
) -> AsyncSocketModeHandler | None:
    """Connect Socket Mode if asked, and register the roster sync (Teams has none: its
    roster is built from installation activities)."""
    socket: AsyncSocketModeHandler | None = None
    if slack.mode == "socket":
        socket = AsyncSocketModeHandler(runtime.app, slack.app_token, web_client=runtime.client)
        await socket.connect_async()  # type: ignore[no-untyped-call]
    team_id = str((await runtime.client.auth_test())["team_id"])
    channels = slack.audience_channels

    async def sync() -> object:
        return await sync_roster(
            runtime.deps.backend, runtime.client, team_id=team_id, channels=channels
        )

    platforms.roster_syncs.append(sync)
    return socket


def _require_secrets(slack: SlackSettings | None, teams: TeamsSettings) -> None:
    """Say which secret is missing before anything is opened or created (reading a
    secret's property raises ConfigError naming its environment variable)."""
    if slack is not None:
        _ = slack.bot_token, slack.signing_secret
        if slack.mode == "socket":
            _ = slack.app_token
    if teams.enabled:
        _ = teams.app_id, teams.app_secret, teams.tenant_id


async def _log_what_start_found(store: Store) -> None:
    """What the last run left (counts), and open rounds whose mixing key is not here."""
    for line in (await asyncio.to_thread(recovered, store.db)).lines():
        log.info("%s", line)
    for problem in await asyncio.to_thread(mixing_key_problems, store.db, store.mixing):
        log.error("%s", problem)


async def run(
    settings: Settings, stop: asyncio.Event, on_ready: Callable[[str], None] = lambda url: None
) -> None:
    """Serve until `stop` is set; `on_ready` gets the bound URL."""
    slack = settings.slack if settings.slack.enabled else None
    teams = settings.teams
    if slack is None and not teams.enabled:
        raise ConfigError("Nothing to serve: set [slack] enabled or [teams] enabled to true.")
    _require_secrets(slack, teams)
    where = settings.server
    store = await asyncio.to_thread(open_store, settings)
    calls = StoreCalls(store)
    platforms = Platforms()
    socket: AsyncSocketModeHandler | None = None
    runner: web.AppRunner | None = None
    try:
        events = None
        if slack is not None:
            platforms.slack = build_slack_runtime(
                store,
                settings,
                slack,
                token=slack.bot_token,
                signing_secret=slack.signing_secret,
                calls=calls,
            )
            events = platforms.slack.events.handle if slack.mode == "http" else None
        if teams.enabled:
            platforms.teams = build_teams_runtime(store, settings, teams, calls=calls)
        server = build_server(
            store,
            slack_events=events,
            max_body_bytes=where.max_body_bytes,
            health=platforms.health,
            draining=stop,  # /healthz says 503 "draining" from SIGTERM on
        )
        if platforms.teams is not None:
            add_teams_routes(server, platforms.teams)
        add_policy_pages(server, settings)  # the Teams package links to them
        runner, url = await start_server(
            server, where.host, where.port, shutdown_timeout=where.drain_seconds
        )
        if slack is not None and platforms.slack is not None:
            socket = await _start_slack(store, platforms.slack, slack, platforms)
        log.info("serving on %s (%s)", url, ", ".join(sorted(platforms.ports)))
        on_ready(url)
        await _log_what_start_found(store)
        leadership = Leadership(store.db)
        duties = _leader_duties(settings, store, platforms, calls, leadership)
        await lead_when_elected(leadership, stop, duties)
        if store.db.is_postgres:  # SQLite is one process: no other replica to move to
            # Stopped, leadership released: keep serving while the balancer moves away.
            log.info("draining: /healthz says 503; serving %.0f s more", where.drain_seconds)
            await asyncio.sleep(where.drain_seconds)
    finally:
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]
        if runner is not None:
            await runner.cleanup()
        if platforms.slack is not None:
            await platforms.slack.close()
        if platforms.teams is not None:
            platforms.teams.close()
        calls.close()
        store.close()


def serve(ctx: typer.Context) -> None:
    """Run the bot: the web server, and the scheduler and delivery when this is the leader.
    SIGTERM or SIGINT drains: /healthz fails, requests are served for `[server]
    drain_seconds` more, then in-flight ones get as long again to finish."""
    settings = settings_of(ctx)
    configure_logging()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run(settings, stop)

    run_cleanly(lambda: asyncio.run(main()))
