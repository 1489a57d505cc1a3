"""Words typed to the bot: the /pulse sub-commands without the slash, spelt as Teams
people type them, and `wres` for the EDI team only, with working download links."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.teams.ids import CardId
from handlers.pulse_rounds import close_round
from standins.teams import TENANT_ID
from surveys.response import validate_answers
from tests.teams.conftest import (
    NOT_APP_KEY,
    TRUST,
    Harness,
    assert_valid_card,
    card_of,
    first_id,
)
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


async def say(h: Harness, n: int, text: str) -> dict[str, Any]:
    response = await h.teams.caller.send_message(h.url, h.user(n), text)
    assert response.status == 202
    card = card_of(h.teams.messages_to(h.user(n))[-1])
    assert_valid_card(card)
    return card


async def test_privacy_help_opt_out_opt_in_and_forget_me(harness: Harness) -> None:
    h = harness
    await h.install_all()
    privacy = await say(h, 1, "privacy")
    assert first_id(privacy) == CardId.PRIVACY
    assert "type opt-out to stop invitations" in str(privacy) and "/pulse" not in str(privacy)
    helped = await say(h, 1, "help")
    assert "my-data: what we hold about you" in str(helped) and "/pulse" not in str(helped)
    await say(h, 1, "pulse opt-out")
    assert h.store.roster.audience(platform="teams").__len__() == 4
    back = await say(h, 1, "opt-in")
    assert "invited to the next pulse" in str(back)
    forgotten = await say(h, 2, "forget-me")
    assert "type opt-in here or reinstall" in str(forgotten)
    user = h.person(2).user_id
    assert h.store.roster.find(platform="teams", workspace=TENANT_ID, user_id=user) is None
    await say(h, 2, "opt-in")  # reachable again: the reference comes with the message
    entry = h.store.roster.find(platform="teams", workspace=TENANT_ID, user_id=user)
    assert entry is not None and entry.delivery and "reference" in entry.delivery
    unknown = await say(h, 3, "<at>Big Conversation</at> hello")
    assert "'hello' is not something pulse knows" in str(unknown)


async def test_pulse_typed_opens_the_form_and_uninstall_deactivates(harness: Harness) -> None:
    h = harness
    await h.install_all()
    nothing = await say(h, 1, "pulse")
    assert "no pulse open" in str(nothing)
    h.open_round()
    form = await say(h, 1, "pulse")
    assert first_id(form) == CardId.FORM
    await h.teams.caller.uninstall(h.url, h.user(5))
    assert len(h.store.roster.audience(platform="teams")) == 4


async def test_wres_refuses_staff_and_gives_the_edi_team_a_card_and_links(
    harness: Harness,
) -> None:
    h = harness
    round_id = await invited(h)
    for n in (1, 2, 3, 4):
        await start(h, n)
        await submit(h, n, round_id, ANSWERS)
    close_round(h.store, round_id=round_id)
    refused = await say(h, 2, "wres 2026-03")
    assert first_id(refused) == CardId.NOTICE and "EDI" in str(refused)
    assert "actions" not in refused
    # Four answers alone leave nothing to show: refused in plain words, nothing released.
    nothing = await say(h, 1, "wres 2026-03")
    assert first_id(nothing) == CardId.NOTICE and "Nothing in the 2026-03 report" in str(nothing)
    assert h.store.releases.stored() == []
    # Paper forms for the same month make the White figures showable.
    white = validate_answers(ethnicity="01", staff_group="substantive", answers={"q14a": 1})
    h.store.import_responses([("2026-03", white)] * 20)
    summary = await say(h, 1, "wres 2026-03")
    assert first_id(summary) == CardId.REPORT
    text = str(summary)
    assert "White" in text and "BME" in text and "Gap (BME minus White)" in text
    assert "fewer than 11 answered" in text  # BME too few: said in words, no figures
    assert [r.form for r in h.store.releases.stored()] == ["teams wres"]
    links = {a["title"]: a["url"] for a in summary["actions"]}
    assert len(links) == 2 and all(u.startswith(h.base + "/reports/") for u in links.values())
    async with aiohttp.ClientSession() as session:
        for url in links.values():
            async with session.get(url) as got:
                assert got.status == 200 and got.headers["Cache-Control"] == "no-store"
                assert "attachment" in got.headers["Content-Disposition"]
                body = await got.read()
                assert len(body) > 1000
                if "html" in got.headers["Content-Type"]:
                    assert TRUST in body.decode("utf-8"), "headed like the CLI's"
        token = next(iter(links.values())).rsplit("/", 1)[1]
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        async with session.get(f"{h.base}/reports/{forged}") as got:
            assert got.status == 404
    assert h.store.audit.verify() == []
    usage = await say(h, 1, "wres next-tuesday")
    assert "Usage: wres [period] [staff group]" in str(usage)
