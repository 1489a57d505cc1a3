"""The pulse leaves nothing in chat history that says what anyone answered, or that
points at a stored answer (docs/privacy.md#the-chat-admin), over Teams' protocol.

Each person's chat keeps the invitation card and every version it went through (form,
then "recorded anonymously"), as eDiscovery would. People who answered differently keep
exactly the same cards; what anyone keeps is the product's fixed wording or what every
invitee got alike (the round, its dates), never a token of the stored answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import MetaData, select

from tests.chat_history import tokens, vocabulary
from tests.teams.conftest import NOT_APP_KEY, Harness
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
OTHER_ANSWERS = {"staff_group": "bank", "q14a": "1", "q16a": "2"}


def kept_by(h: Harness, n: int) -> list[dict[str, Any]]:
    chat = h.teams.conversation_id(h.user(n))
    found = []
    for posted in h.teams.activities(chat):
        for version in [*posted.history, posted.activity]:
            found.append({k: version.get(k) for k in ("text", "summary", "attachments")})
    return found


def answer_rows(h: Harness) -> list[Any]:
    """What the database holds about answers (responses, their buffer, participation)."""
    meta = MetaData()
    meta.reflect(h.store.db.engine)
    rows: list[Any] = []
    with h.store.db.engine.connect() as connection:
        for name in ("responses", "response_buffer", "participation", "staff_profiles"):
            if name in meta.tables:
                rows += [repr(tuple(r)) for r in connection.execute(select(meta.tables[name]))]
    return rows


async def test_the_pulse_cards_kept_in_chat_hold_no_answer_and_no_stored_id(
    harness: Harness,
) -> None:
    h = harness
    round_id = await invited(h)
    for n, values in ((1, ANSWERS), (2, OTHER_ANSWERS), (3, ANSWERS)):
        await start(h, n)
        await submit(h, n, round_id, values)
    assert h.store.submissions.count(round_id) == 3
    answered = [kept_by(h, n) for n in (1, 2, 3)]
    assert answered[0] == answered[1] == answered[2], "the same cards, whatever was chosen"
    kept = [kept_by(h, n) for n in range(1, 6)]
    broadcast = set.intersection(*(tokens(k) for k in kept))  # what every invitee got
    for person in kept:
        assert tokens(person) - broadcast - vocabulary() == set(), "nothing of one person"
    stored = tokens(answer_rows(h))
    assert stored, "the answers are stored"
    assert (tokens(kept) & stored) - vocabulary() <= {round_id}, "only the round, as for all"
