"""Agents SDK listeners, one shape each: parse, one use case call, render. Each module
registers its own routes (selectors in bot.teams.activity_kinds), so the SDK hands a
turn straight to the listener that answers it."""

from __future__ import annotations

from microsoft_agents.hosting.core import AgentApplication, TurnState

from bot.teams.deps import TeamsDeps
from bot.teams.listeners import (
    channel_clicks,
    commands,
    dialogs,
    discussion_cards,
    discussion_commands,
    discussion_compose,
    discussion_manage,
    discussion_moderation,
    install,
    pulse_card,
    team_events,
)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    pulse_card.register(app, deps)
    discussion_cards.register(app, deps)
    discussion_compose.register(app, deps)
    discussion_manage.register(app, deps)
    discussion_moderation.register(app, deps)
    discussion_commands.register(app, deps)
    commands.register(app, deps)
    channel_clicks.register(app, deps)
    dialogs.register(app, deps)
    install.register(app, deps)
    team_events.register(app, deps)
