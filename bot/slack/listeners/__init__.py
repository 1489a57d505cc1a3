"""Bolt listeners, one shape each: acknowledge, parse, one handler call, render."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import SlackDeps
from bot.slack.listeners import (
    bigconversation,
    commands,
    compose,
    home,
    moderating,
    pulse_start,
    pulse_submit,
    replying,
)


def register(app: AsyncApp, deps: SlackDeps) -> None:
    pulse_start.register(app, deps)
    pulse_submit.register(app, deps)
    commands.register(app, deps)
    home.register(app, deps)
    bigconversation.register(app, deps)
    compose.register(app, deps)
    replying.register(app, deps)
    moderating.register(app, deps)
