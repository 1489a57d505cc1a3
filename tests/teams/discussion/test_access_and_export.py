"""A chair acting for another network is refused; staff cannot manage prompts; the EDI
team's export is refused below k and, at k, is a short-lived download link."""

from __future__ import annotations

import csv
import io

import aiohttp
import pytest

from bot.teams.cards.discussion_ids import ConvCard
from handlers.discussion.access import NOT_A_CHAIR
from handlers.discussion.export import EDI_ONLY, too_few
from tests.teams.conftest import NOT_APP_KEY
from tests.teams.discussion.conftest import Conv, K, card_id, checked, submit_data
from tests.teams.discussion.test_prompt_flow import reply

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


async def posted_prompt(c: Conv) -> tuple[str, dict[str, object]]:
    await c.compose()
    assert (await c.post_due(c.now)).posted == 1
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    [pid] = c.prompt_ids()
    return pid, channel_card


async def test_a_chair_of_another_network_and_staff_are_refused(conv: Conv) -> None:
    c = conv
    pid, channel_card = await posted_prompt(c)
    await reply(c, 4, channel_card, "Something to think about.")
    other = "you are not a chair of the “BME” network"
    for command in (f"queue {pid}", f"pause {pid}", f"delete {pid}", f"edit {pid}"):
        said = await c.say(3, f"bigconversation {command}")
        assert other in str(said), command
    # A queue card from the right chair, clicked by the wrong one, is refused too.
    queue = await c.say(2, f"bigconversation queue {pid}")
    approve = submit_data(queue, "Approve and post in the thread")
    refused = await c.h.teams.caller.submit_card(c.h.url, c.h.user(3), approve)
    assert refused.status == 202 and other in str(checked(c.last(3)))
    assert c.h.teams.thread(c.nursing, c.h.teams.channel_posts(c.nursing)[0].id) == []
    assert c.h.store.prompts.counts(pid) == {"pending": 1}
    # The International chair composing for BME is refused and nothing is saved.
    said = await c.compose(3, network="BME")
    assert other in str(said) and c.prompt_ids() == [pid]
    for command in ("new", "list", "digest"):
        assert NOT_A_CHAIR in str(await c.say(4, f"bigconversation {command}")), command
    refusals = [e for e in c.audit() if e.action.endswith("refused")]
    assert len(refusals) >= 8
    assert c.h.store.audit.verify() == []


async def test_export_refused_below_k_then_a_download_link(conv: Conv) -> None:
    c = conv
    pid, channel_card = await posted_prompt(c)
    for n, text in enumerate(["First thought.", "Second thought."], start=4):
        await reply(c, n, channel_card, text)
    below = await c.say(1, f"bigconversation export {pid}")
    assert too_few(K) in str(below) and "actions" not in below
    assert EDI_ONLY in str(await c.say(2, f"bigconversation export {pid}"))
    await reply(c, 4, channel_card, "A third thought, from someone.")
    ready = await c.say(1, f"bigconversation export {pid} csv")
    assert card_id(ready) == ConvCard.EXPORT
    [link] = [a["url"] for a in ready["actions"]]
    assert link.startswith(c.h.base + "/reports/")
    async with aiohttp.ClientSession() as session, session.get(link) as got:
        assert got.status == 200 and "attachment" in got.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO((await got.read()).decode("utf-8-sig"))))
    texts = sorted(r[-1] for r in rows[1:])
    assert texts == ["A third thought, from someone.", "First thought.", "Second thought."]
    assert all(r[1] == "2026-06" for r in rows[1:]), "the month and nothing finer"
    xlsx = await c.say(1, f"bigconversation export {pid} xlsx")
    assert xlsx["actions"][0]["url"] != link
    assert "csv or xlsx" in str(await c.say(1, f"bigconversation export {pid} pdf"))
    exported = [e for e in c.audit() if e.action == "replies exported"]
    assert len(exported) == 2
    # The reply count went through the release auditor and is on record, once: the
    # second export releases the same figure again.
    assert [r.form for r in c.h.store.releases.stored()] == ["export csv"]
