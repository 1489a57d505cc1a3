"""Slash commands, App Home and the EDI report over HTTP, asserted on what Slack received."""

from __future__ import annotations

import json
import random

from bot.demo.local_round import raw_of
from bot.demo.population import answer_pulse, build_trust
from bot.slack.ids import CallbackId
from handlers.identity import Person
from handlers.submission import submit_pulse
from standins.slack import TEAM_ID
from tests.slack.conftest import ADMIN_USER, EDI_USER, STAFF_USER, TRUST, Harness, eventually


def _closed_round_with_answers(h: Harness, period: str = "2026-03", people: int = 120) -> None:
    round_ = h.open_round(period)
    rng = random.Random(7)
    for colleague in build_trust(people, seed=3):
        person = Person("slack", TEAM_ID, colleague.user_id)
        submit_pulse(
            h.store, person=person, round_id=round_.id, raw=raw_of(answer_pulse(colleague, rng))
        )
    h.store.rounds.close(round_.id)


async def _command(h: Harness, user: str, command: str, text: str = "") -> dict[str, object]:
    before = len(h.slack.responses)
    answer = await h.slack.caller.slash_command(h.url, user=user, command=command, text=text)
    assert answer.status == 200
    await eventually(lambda: len(h.slack.responses) > before)
    return h.slack.responses[-1].body


async def test_app_home_is_published_with_the_privacy_notice_and_the_round(
    harness: Harness,
) -> None:
    h = harness
    await h.sync()
    h.open_round()
    event = {
        "type": "app_home_opened",
        "user": STAFF_USER,
        "channel": f"D{STAFF_USER}",
        "tab": "home",
    }
    assert (await h.slack.caller.send_event(h.url, event)).status == 200
    await eventually(lambda: STAFF_USER in h.slack.home_views)
    home = json.dumps(h.slack.home_views[STAFF_USER], ensure_ascii=False)
    assert "Your privacy in the staff pulse" in home
    assert "2026-03 pulse is open" in home


async def test_pulse_subcommands_answer_privately(harness: Harness) -> None:
    h = harness
    await h.sync()
    privacy = await _command(h, STAFF_USER, "/pulse", "privacy")
    assert privacy["response_type"] == "ephemeral"
    assert "Your privacy" in json.dumps(privacy)
    await _command(h, STAFF_USER, "/pulse", "opt-out")
    entry = h.store.roster.find(platform="slack", workspace=TEAM_ID, user_id=STAFF_USER)
    assert entry is not None and entry.opted_out
    mine = await _command(h, STAFF_USER, "/pulse", "my-data")
    assert "opted out" in json.dumps(mine)
    long = await _command(h, STAFF_USER, "/pulse", "x" * 500)
    assert "longer than" in json.dumps(long)


async def test_pulse_with_no_words_opens_the_form(harness: Harness) -> None:
    h = harness
    await h.sync()
    h.open_round()
    await h.slack.caller.slash_command(h.url, user=STAFF_USER, command="/pulse")
    await eventually(lambda: bool(h.slack.views_opened))
    assert h.slack.views_opened[0].view["callback_id"] == CallbackId.PULSE_FORM


async def test_admin_commands_are_for_admins(harness: Harness) -> None:
    h = harness
    await h.sync()
    refused = await _command(h, STAFF_USER, "/pulse", "admin open")
    assert "for Big Conversation admins" in json.dumps(refused)
    assert h.store.rounds.list() == []
    opened = await _command(h, ADMIN_USER, "/pulse", "admin open")
    assert "round is open" in json.dumps(opened)
    [round_] = h.store.rounds.list()
    assert h.store.outbox.stats(round_.id).invited == 14  # 12 staff + 2 guests
    status = await _command(h, ADMIN_USER, "/pulse", "admin status")
    assert "Invitations: 0 sent of 14" in json.dumps(status)
    closed = await _command(h, ADMIN_USER, "/pulse", "admin close")
    assert "closed" in json.dumps(closed)
    assert not h.store.rounds.get(round_.id).is_open


async def test_wres_gives_the_edi_team_a_summary_and_both_files_in_their_dm(
    harness: Harness,
) -> None:
    h = harness
    _closed_round_with_answers(h)
    audited = h.store.audit.count()
    summary = await _command(h, EDI_USER, "/wres", "2026-03")
    text = json.dumps(summary, ensure_ascii=False)
    assert "WRES indicators 5 to 8 for 2026-03" in text
    assert "White:" in text and "BME:" in text and "Gap (BME minus White)" in text
    await eventually(lambda: len(h.slack.files) == 2)
    names = sorted(f.filename for f in h.slack.files)
    assert names == ["wres-2026-03-all.html", "wres-2026-03-all.xlsx"]
    assert {f.channel for f in h.slack.files} == {f"D{EDI_USER}"}
    [html] = [f.content for f in h.slack.files if f.filename.endswith(".html")]
    assert html is not None and TRUST in html.decode("utf-8"), "headed like the CLI's"
    assert h.store.audit.count() > audited


async def test_wres_is_refused_politely_to_everyone_else(harness: Harness) -> None:
    h = harness
    _closed_round_with_answers(h)
    refused = await _command(h, STAFF_USER, "/wres", "2026-03")
    assert "EDI team only" in json.dumps(refused)
    assert h.slack.files == []


async def _home_of(h: Harness, user: str) -> str:
    h.slack.home_views.pop(user, None)
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"}
    assert (await h.slack.caller.send_event(h.url, event)).status == 200
    await eventually(lambda: user in h.slack.home_views)
    return json.dumps(h.slack.home_views[user], ensure_ascii=False)


async def test_app_home_shows_the_edi_team_the_latest_results_released_through_the_auditor(
    harness: Harness,
) -> None:
    h = harness
    _closed_round_with_answers(h)
    assert "Latest results" not in await _home_of(h, STAFF_USER)
    assert [r.form for r in h.store.releases.stored()] == []  # nothing released to staff
    home = await _home_of(h, EDI_USER)
    assert "Latest results: 2026-03" in home
    [release] = h.store.releases.stored()
    assert (release.form, release.actor_role) == ("app home", "edi")
