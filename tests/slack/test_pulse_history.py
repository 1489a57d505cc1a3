"""The pulse leaves nothing in Slack history that says what anyone answered
(docs/privacy.md#the-chat-admin): the invitation DM and its edits are the same for people
who answered differently, and share no token with the stored answers but the round's own id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, select

from bot.slack.ids import ActionId, BlockId
from handlers.messages import PulseInvitation
from standins.slack import TEAM_ID
from tests.chat_history import tokens, vocabulary
from tests.slack.conftest import EDI_USER, STAFF_USER, Harness, eventually
from tests.slack.test_pulse_flow import values


def kept_by(h: Harness, user: str) -> list[Any]:
    return [[*m.edits, {"text": m.text, "blocks": m.blocks}] for m in h.slack.messages_to(user)]


def answer_rows(h: Harness) -> list[str]:
    meta = MetaData()
    meta.reflect(h.store.db.engine)
    with h.store.db.engine.connect() as connection:
        return [
            repr(tuple(r))
            for name in ("responses", "response_buffer", "participation")
            for r in connection.execute(select(meta.tables[name]))
        ]


async def test_the_invitation_kept_in_the_dm_holds_no_answer_and_no_stored_id(
    harness: Harness,
) -> None:
    h = harness
    await h.sync()
    round_ = h.open_round()
    message = PulseInvitation(round_.id, round_.period, round_.closes_at)
    answers = {STAFF_USER: values(), EDI_USER: values(ethnicity="11", q14a="1", q16a="2")}
    for n, (user, chosen) in enumerate(answers.items(), start=1):
        address = {"user": user, "team": TEAM_ID}
        key = f"invite:{round_.id}:{user}"
        await h.runtime.port.send_invitation(address, message, idempotency_key=key)
        [dm] = h.slack.messages_to(user)
        await h.slack.caller.click_button(
            h.url,
            user=user,
            action_id=ActionId.START_PULSE,
            value=round_.id,
            block_id=BlockId.INVITATION_ACTIONS,
            message=dm,
        )
        await eventually(lambda n=n: len(h.slack.views_opened) == n)
        modal = h.slack.views_opened[-1]
        sent = await h.slack.caller.submit_view(h.url, user=user, view=modal, values=chosen)
        assert sent.status == 200
        await eventually(lambda dm=dm: bool(dm.edits))
    assert h.store.submissions.count(round_.id) == 2
    one, other = (kept_by(h, user) for user in answers)
    assert one == other, "the same DM, whatever was chosen"
    shared = (tokens(one) & tokens(answer_rows(h))) - vocabulary()
    assert shared <= {round_.id}, "only the round, which every invitee got"
