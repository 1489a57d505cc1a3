"""Who may act: a chair only for their own network (refused and audited otherwise); the
reply export for the EDI team, uploaded to their DM, refused below k."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from handlers.discussion import submit_reply
from storage.repositories import audit
from tests.slack.conftest import EDI_USER, STAFF_USER, Harness, eventually
from tests.slack.discussion.conftest import (
    OTHER_CHAIR,
    command,
    compose,
    only_prompt_id,
    post_due,
    prompt_posts,
    reply,
    said,
    text_of,
)


def audit_actions(h: Harness) -> list[str]:
    with h.store.db.session() as session:
        return [e.action for e in audit.list_entries(session)]


async def test_a_chair_acting_for_another_network_is_refused(harness: Harness) -> None:
    h = harness
    await compose(h)
    prompt = only_prompt_id(h)
    for n, sub in enumerate(("queue", "pause", "delete", "edit"), start=1):
        await command(h, OTHER_CHAIR, f"{sub} {prompt}")
        assert "not a chair of the “bme” network" in await said(h, n)
    assert len(h.slack.views_opened) == 1  # only the chair's own compose modal
    assert h.store.prompts.get(prompt).status == "scheduled"
    answer = await compose(h, user=OTHER_CHAIR, network="bme")
    assert "only act for your own network" in text_of(answer["view"])
    assert len(h.store.prompts.list_prompts()) == 1
    assert audit_actions(h).count("view replies refused") == 1


async def test_a_staff_member_cannot_use_the_chair_commands(harness: Harness) -> None:
    await command(harness, STAFF_USER, "new")
    assert "Only network chairs" in await said(harness, 1)
    assert not harness.slack.views_opened


async def test_the_export_is_refused_below_k_and_sent_to_the_edi_dm_from_k(
    harness: Harness,
) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    await reply(h, post, "One reply is not enough.")
    prompt = only_prompt_id(h)
    await command(h, EDI_USER, f"export {prompt[:8]} xlsx")
    assert "fewer than 11 replies" in await said(h, 1)
    assert not h.slack.files
    for n in range(10):
        submit_reply(
            h.store.prompts,
            prompt_id=prompt,
            text=f"Reply number {n}",
            allow_chair_reply=False,
            author=None,
            now=datetime.now(UTC),
        )
    h.store.prompts.release(prompt)
    await command(h, EDI_USER, f"export {prompt[:8]} csv")
    assert "direct message" in await said(h, 2)
    await eventually(lambda: bool(h.slack.files))
    [file] = h.slack.files
    assert file.channel == f"D{EDI_USER}" and file.filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO((file.content or b"").decode())))
    assert rows[0] == ["prompt", "month", "reply_mode", "status", "text"] and len(rows) == 12
    assert STAFF_USER not in (file.content or b"").decode()
    assert "replies exported" in audit_actions(h)
    assert "export replies refused" in audit_actions(h)


async def test_the_export_is_for_the_edi_team_only(harness: Harness) -> None:
    h = harness
    await compose(h)
    await command(h, OTHER_CHAIR, f"export {only_prompt_id(h)}")
    assert "EDI team only" in await said(h, 1)
    await command(h, EDI_USER, f"export {only_prompt_id(h)} pdf")
    assert "csv or xlsx" in await said(h, 2)
