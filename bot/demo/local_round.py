"""The demo's pulse rounds, answered by the synthetic trust through the submission path."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from bot.demo.population import Colleague, answer_pulse
from handlers.identity import Person
from handlers.submission import Outcome, RawAnswers, submit_pulse
from storage.store import Store
from surveys.questions import Recall
from surveys.response import PulseAnswers

DEMO_WORKSPACE = "T0DEMO"


def raw_of(answers: PulseAnswers) -> RawAnswers:
    """What a form would hand over for these answers."""
    return RawAnswers(
        ethnicity=answers.ethnicity,
        staff_group=answers.staff_group.value if answers.staff_group else None,
        answers=dict(answers.answers),
        grounds=answers.grounds,
    )


def run_round(
    store: Store,
    *,
    month: str,
    trust: Sequence[Colleague],
    rng: random.Random,
    on_answer: Callable[[], None] = lambda: None,
) -> int:
    """Open a round for `month`, let each colleague answer with their response rate, close
    it. Returns how many answers were recorded."""
    round_ = store.rounds.create(period=month, recall=Recall.TWELVE_MONTHS, source="pulse")
    recorded = 0
    for colleague in trust:
        if rng.random() >= colleague.response_rate:
            continue
        person = Person("slack", DEMO_WORKSPACE, colleague.user_id)
        result = submit_pulse(
            store, person=person, round_id=round_.id, raw=raw_of(answer_pulse(colleague, rng))
        )
        if result.outcome is Outcome.RECORDED:
            recorded += 1
        on_answer()
    store.rounds.close(round_.id)
    return recorded
