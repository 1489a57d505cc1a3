"""Opening, reminding and closing rounds on real storage (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from handlers.pulse import submit
from handlers.pulse_rounds import ReminderPolicy, close_round, queue_reminders
from handlers.submission import RawAnswers
from storage.store import Store
from tests.handlers.conftest import MONDAY_11, add_staff, open_june, person

ANSWERS = RawAnswers(ethnicity="09", staff_group="bank", answers={"q14a": 1, "q15": 2})
POLICY = ReminderPolicy(count=2, first_hour=10, end_hour=16)


def test_open_invites_everyone_in_the_audience_except_who_opted_out(store: Store) -> None:
    ids = add_staff(store, 5)
    store.roster.set_opted_out(ids[0], True)
    store.roster.set_active(ids[1], False)
    round_ = open_june(store)
    stats = store.outbox.stats(round_.id)
    assert round_.is_open and round_.period == "2026-06"
    assert (stats.invited, stats.pending, stats.sent) == (3, 3, 0)


def test_opening_a_month_twice_gives_the_same_round_and_no_second_invitation(
    store: Store,
) -> None:
    add_staff(store, 3)
    first = open_june(store)
    add_staff_later = store.roster.upsert(
        platform="slack", workspace="T0TEST", user_id="U9999", delivery={"user": "U9999"}
    )
    second = open_june(store, now=MONDAY_11 + timedelta(hours=1))
    assert second.id == first.id
    assert store.outbox.stats(first.id).invited == 4  # only the newcomer was added
    assert add_staff_later.id
    close_round(store, round_id=first.id)
    third = open_june(store, now=MONDAY_11 + timedelta(days=20))
    assert third.id == first.id and not third.is_open  # one round per month, ever
    assert store.outbox.stats(first.id).invited == 4


def test_reminders_skip_people_who_took_part_and_respect_the_hours(store: Store) -> None:
    add_staff(store, 4)
    round_ = open_june(store)
    assert submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    # Not yet due (the first reminder falls a third of the way through the window).
    assert queue_reminders(store, round_id=round_.id, now=MONDAY_11, policy=POLICY) == 0
    due = MONDAY_11 + timedelta(days=5)  # Saturday: weekdays only
    assert queue_reminders(store, round_id=round_.id, now=due, policy=POLICY) == 0
    monday_evening = MONDAY_11 + timedelta(days=7, hours=8)  # 19:00 London
    assert queue_reminders(store, round_id=round_.id, now=monday_evening, policy=POLICY) == 0
    monday_noon = MONDAY_11 + timedelta(days=7, hours=1)
    assert queue_reminders(store, round_id=round_.id, now=monday_noon, policy=POLICY) == 3
    # The hourly job again: the same reminder number is not queued twice.
    later = monday_noon + timedelta(hours=1)
    assert queue_reminders(store, round_id=round_.id, now=later, policy=POLICY) == 0
    stats = store.outbox.stats(round_.id)
    assert stats.reminders == 3


def test_at_most_the_configured_number_of_reminders(store: Store) -> None:
    add_staff(store, 2)
    round_ = open_june(store)
    queued = [
        queue_reminders(
            store, round_id=round_.id, now=MONDAY_11 + timedelta(days=d, hours=1), policy=POLICY
        )
        for d in range(14)  # every day, at noon
    ]
    assert sum(queued) == 2 * POLICY.count


def test_closing_cancels_unsent_invitations_and_is_a_no_op_the_second_time(store: Store) -> None:
    add_staff(store, 3)
    round_ = open_june(store)
    submit(store, person=person(1), round_id=round_.id, raw=ANSWERS, remember=False)
    assert close_round(store, round_id=round_.id) == 1
    assert close_round(store, round_id=round_.id) == 0
    stats = store.outbox.stats(round_.id)
    assert (stats.pending, stats.failed) == (0, 3)
    assert stats.failure_reasons == {"round closed before sending": 3}
    assert store.submissions.count(round_.id) == 1
    assert (
        queue_reminders(
            store, round_id=round_.id, now=MONDAY_11 + timedelta(days=7, hours=1), policy=POLICY
        )
        == 0
    )
