"""Composing: every bad input gets its own plain message and nothing is stored; a chair
acts for their own network only, an admin for any; every save and refusal is audited."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from handlers.discussion import (
    InvalidDraft,
    PostAt,
    PostMonthly,
    PromptDraft,
    PromptSaved,
    compose_prompt,
    validate_draft,
)
from handlers.identity import Requester
from handlers.messages import Refusal
from storage.db import Database
from storage.prompt_models import Prompt
from storage.prompt_store import Prompts
from tests.discussion.conftest import (
    CHANNEL,
    NOW,
    OTHER_CHANNEL,
    admin,
    audit_log,
    chair,
    draft,
    edi,
)

BAD_DRAFTS: list[tuple[str, PromptDraft, str, str]] = [
    ("empty title", draft(title="   "), "title", "Give the prompt a title."),
    ("long title", draft(title="x" * 151), "title", "151 characters long; keep it to 150"),
    ("empty body", draft(body=""), "body", "Write the text of the prompt."),
    ("long body", draft(body="x" * 3001), "body", "keep it to 3000 or fewer"),
    ("six questions", draft(questions=tuple(f"Q{i}?" for i in range(6))), "questions", "up to 5"),
    ("long question", draft(questions=("ok?", "q" * 301)), "question_2", "Question 2 is 301"),
    ("ftp image", draft(image_url="ftp://x.org/a.png", image_alt="a"), "image_url", "http://"),
    ("js image", draft(image_url="javascript:alert(1)", image_alt="a"), "image_url", "https://"),
    ("no alt", draft(image_url="https://x.org/a.png"), "image_alt", "screen reader"),
    ("no channel", draft(channels=()), "channels", "Choose at least one channel"),
    (
        "past date",
        draft(when=PostAt(NOW - timedelta(minutes=1))),
        "when",
        "has already passed. Choose a time in the future.",
    ),
    ("day 29", draft(when=PostMonthly(29, time(9))), "when", "between 1 and 28"),
    ("bad zone", draft(when=PostMonthly(3, time(9), "Mars/Olympus")), "when", "not a time zone"),
    ("no network", draft(network=" "), "network", "Say which staff network"),
]


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [pytest.param(d, f, m, id=name) for name, d, f, m in BAD_DRAFTS],
)
def test_each_bad_input_gets_its_own_message(bad: PromptDraft, field: str, message: str) -> None:
    problems = validate_draft(bad, now=NOW)
    assert [p.field for p in problems] == [field]
    assert message in problems[0].text


def test_a_good_draft_has_no_problems_and_blank_questions_are_ignored() -> None:
    good = draft(
        questions=("One?", "", "  ", "Two?", "Three?", "Four?", "Five?"),
        image_url="https://example.nhs.uk/postcard.png",
        image_alt="A postcard with the words 'Let's talk about race'",
        when=PostAt(datetime(2026, 6, 2, 9, 0)),  # naive: read as London time
    )
    assert validate_draft(good, now=NOW) == []


def test_a_channel_the_bot_is_not_in_is_named() -> None:
    problems = validate_draft(
        draft(channels=(CHANNEL, OTHER_CHANNEL)), now=NOW, bot_channels={CHANNEL}
    )
    assert [p.text for p in problems] == [
        "The bot is not in the channel C0ALL. Add the bot to that channel first, or choose "
        "another one."
    ]


def _count(database: Database) -> int:
    with database.session() as session:
        return int(session.execute(select(func.count()).select_from(Prompt)).scalar_one())


def test_bad_input_stores_nothing(prompts: Prompts, database: Database) -> None:
    for _, bad, _, _ in BAD_DRAFTS:
        if bad.network.strip():
            result = compose_prompt(prompts, requester=admin(), draft=bad, now=NOW)
            assert isinstance(result, InvalidDraft) and result.problems
    assert _count(database) == 0


def test_a_chair_composes_for_their_network_and_it_is_audited(
    prompts: Prompts, database: Database
) -> None:
    result = compose_prompt(prompts, requester=chair(), draft=draft(), now=NOW)
    assert isinstance(result, PromptSaved)
    assert result.next_post_at == NOW and "posted in a moment" in result.text
    info = prompts.get(result.prompt_id)
    assert info.status == "scheduled" and info.created_by == chair().person.actor
    [entry] = audit_log(database)
    assert entry.action == "prompt composed" and entry.actor == chair().person.actor
    assert result.prompt_id in entry.details


@pytest.mark.parametrize(
    "requester",
    [
        pytest.param(chair("international"), id="chair of another network"),
        pytest.param(edi(), id="edi"),
    ],
)
def test_others_are_refused_with_the_reason(
    prompts: Prompts, database: Database, requester: Requester
) -> None:
    result = compose_prompt(prompts, requester=requester, draft=draft(), now=NOW)
    assert isinstance(result, Refusal)
    assert "own network" in result.text or "Only network chairs" in result.text
    assert _count(database) == 0
    [entry] = audit_log(database)
    assert entry.action == "compose prompt refused" and result.text in entry.details


def test_an_admin_composes_for_any_network(prompts: Prompts) -> None:
    result = compose_prompt(prompts, requester=admin(), draft=draft(network="lgbt"), now=NOW)
    assert isinstance(result, PromptSaved)
    assert prompts.get(result.prompt_id).fields.network == "lgbt"
