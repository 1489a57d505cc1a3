"""The team channel directory is the database's: a channel the bot learnt through one
replica is offered, and forgotten, through another."""

from __future__ import annotations

from bot.teams.team_channels import TeamChannel, TeamChannels
from standins.teams import TENANT_ID
from storage.store import Store

NURSING = TeamChannel("19:nursing@thread.tacv2", "Nursing", "19:team", "Ward 7", TENANT_ID,
                      "https://smba.example/")  # fmt: skip


def test_a_channel_learnt_on_one_replica_is_known_and_forgotten_on_another(store: Store) -> None:
    a, b = TeamChannels(store.bot_channels), TeamChannels(store.bot_channels)
    assert b.of_tenant(TENANT_ID) == []  # both started before the bot joined the team
    a.learn([NURSING])
    assert b.find(NURSING.ref) == NURSING and b.refs(TENANT_ID) == {NURSING.ref}
    b.forget_team(NURSING.team)
    assert a.find(NURSING.ref) is None and a.of_tenant(TENANT_ID) == []
