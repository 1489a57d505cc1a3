"""The channel directory follows Teams' team events; chairs list, pause, resume and edit
their prompts from cards, start from the starter library, and read the digest."""

from __future__ import annotations

import pytest

from bot.teams.cards.compose_form import NO_CHANNELS
from bot.teams.cards.discussion_ids import ConvCard
from bot.teams.team_channels import TeamChannels
from handlers.discussion import library
from standins.teams import TENANT_ID
from tests.teams.conftest import NOT_APP_KEY, inputs_of
from tests.teams.discussion.conftest import Conv, card_id, checked, submit_data
from tests.teams.discussion.test_prompt_flow import reply

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


def channel_titles(card: dict[str, object]) -> set[str]:
    found = [i for i in inputs_of(card) if i["id"] == "channels"]
    return {ch["title"] for ch in found[0]["choices"]} if found else set()


async def test_channels_come_and_go_with_team_events(conv: Conv) -> None:
    c = conv
    await c.h.teams.caller.create_channel(c.h.url, c.h.user(2), c.team, "Speak up")
    assert channel_titles(await c.say(2, "bigconversation new")) == {
        "Ward 7 › General", "Ward 7 › Nursing", "Ward 7 › Speak up",
    }  # fmt: skip
    elsewhere = c.h.teams.add_team("Estates")
    await c.h.teams.caller.create_channel(c.h.url, c.h.user(2), elsewhere, "Porters")
    assert "Estates" not in str(await c.say(2, "bigconversation new")), "the bot is not there"
    await c.compose()  # saved for Nursing while the bot is in the team
    removed = await c.h.teams.caller.remove_from_team(c.h.url, c.h.user(2), c.team)
    assert removed.status == 202
    form = await c.say(2, "bigconversation new")
    assert channel_titles(form) == set() and NO_CHANNELS in str(form)
    run = await c.post_due(c.now)  # Teams refuses: the prompt is reported, not half-posted
    assert run.posted == 0 and len(run.failed) == 1 and c.h.teams.channel_posts(c.nursing) == []
    # Chatting in a channel gets the usual pointer; clicking something else there, nothing.
    scene_click = await c.h.teams.caller.submit_card_in_channel(
        c.h.url, c.h.user(4), c.general, {"verb": "bc_approve", "reply_id": "x"}, "1"
    )
    assert scene_click.status == 202 and c.h.teams.channel_posts(c.general) == []


async def test_list_pause_resume_edit_starters_and_digest(conv: Conv) -> None:
    c = conv
    starters = await c.say(2, "bigconversation starters")
    assert card_id(starters) == ConvCard.STARTERS
    picked = await c.click(2, c.last(2), submit_data(starters, "Use this prompt"))
    assert card_id(picked) == ConvCard.COMPOSE and library()[0].title in str(picked)
    saved = await c.compose(when="monthly", when_day="15", when_time="09:00")
    assert "Monday 15 June 2026 at 09:00" in str(saved)
    [pid] = c.prompt_ids()
    listed = await c.say(2, "bigconversation list")
    assert card_id(listed) == ConvCard.LIST and "scheduled" in str(listed)
    paused = await c.click(2, c.last(2), submit_data(listed, "Pause"))
    assert "is paused" in str(paused) and "Resume" in str(paused)
    resumed = await c.click(2, c.last(2), submit_data(paused, "Resume"))
    assert "will be posted on Monday 15 June 2026" in str(resumed)
    edit = await c.click(2, c.last(2), submit_data(resumed, "Edit"))
    assert card_id(edit) == ConvCard.COMPOSE and "Save changes" in str(edit)
    assert [i for i in inputs_of(edit) if i["id"] == "when_day"][0]["value"] == 15
    data = {**submit_data(edit, "Save changes"), **{i["id"]: str(i.get("value", ""))
            for i in inputs_of(edit)}, "title": "Belonging, again"}  # fmt: skip
    edited = await c.click(2, c.last(2), data)
    assert "Belonging, again" in str(edited)
    assert c.h.store.prompts.get(pid).fields.title == "Belonging, again"
    await c.post_due(c.now.replace(day=15, hour=8))
    await reply(c, 4, checked(c.h.teams.channel_posts(c.nursing)[0]), "Thank you for asking.")
    digest = await c.say(2, "bigconversation digest")
    assert "1 anonymous reply so far; 0 approved, 1 waiting for you, 0 declined" in str(digest)
    helped = await c.say(4, "bigconversation")
    assert card_id(helped) == ConvCard.HELP
    assert "is not a bigconversation command" in str(await c.say(4, "bigconversation dance"))


async def test_the_channel_directory_survives_a_restart(conv: Conv) -> None:
    c = conv
    await c.h.teams.caller.create_channel(c.h.url, c.h.user(2), c.team, "Speak up")
    restarted = TeamChannels(c.h.store.bot_channels)  # what a restarted server reads back
    assert {ch.label for ch in restarted.of_tenant(TENANT_ID)} == {
        "Ward 7 › General", "Ward 7 › Nursing", "Ward 7 › Speak up",
    }  # fmt: skip
    await c.h.teams.caller.remove_from_team(c.h.url, c.h.user(2), c.team)
    assert TeamChannels(c.h.store.bot_channels).of_tenant(TENANT_ID) == []


async def test_the_weekly_digest_reaches_each_chair_in_their_personal_chat(conv: Conv) -> None:
    c = conv
    await c.compose()
    await c.post_due(c.now)
    await reply(c, 4, checked(c.h.teams.channel_posts(c.nursing)[0]), "We need more mentors.")
    before = {n: len(c.h.teams.messages_to(c.h.user(n))) for n in (2, 3, 4)}
    assert await c.h.runtime.send_digests() == 1  # the BME chair; International has no prompt
    [digest] = c.h.teams.messages_to(c.h.user(2))[before[2] :]
    text = str(digest.activity.get("text"))
    assert "digest for the BME network" in text and "1 waiting for you" in text
    assert "mentors" not in text, "numbers only, never reply text"
    for n in (3, 4):
        assert len(c.h.teams.messages_to(c.h.user(n))) == before[n]
