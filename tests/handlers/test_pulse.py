"""The pulse as staff meet it, on real storage: form, submission, /pulse, App Home."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

from sqlalchemy import text

from handlers.messages import (
    AlreadyTookPart,
    HomeView,
    InvalidSubmission,
    MyData,
    Notice,
    PrivacyNotice,
    PulseFormReply,
    RoundNotOpen,
    Thanks,
)
from handlers.privacy import NoticeSettings
from handlers.pulse import home, pulse_command, start_pulse, submit
from handlers.pulse_rounds import close_round
from handlers.submission import RawAnswers
from storage.store import Store
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD
from tests.handlers.conftest import add_staff, open_june, person

# Answers a test can find if they leak: a rare combination, and a marker in nothing.
ANSWERS = RawAnswers(ethnicity="11", staff_group="locum", answers={"q14a": 5, "q16a": 1})


def test_submit_thanks_once_then_already_took_part(store: Store) -> None:
    add_staff(store, 1)
    round_ = open_june(store)
    form = start_pulse(store, person=person(0))
    assert isinstance(form, PulseFormReply) and form.round_id == round_.id
    assert form.prefill == {}
    first = submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    again = submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    assert isinstance(first, Thanks) and isinstance(again, AlreadyTookPart)
    assert "recorded anonymously" in first.invitation_done
    assert isinstance(start_pulse(store, person=person(0)), AlreadyTookPart)
    assert store.submissions.count(round_.id) == 1


def test_no_round_invalid_answers_and_closed_rounds(store: Store) -> None:
    assert isinstance(start_pulse(store, person=person(0)), RoundNotOpen)
    assert isinstance(start_pulse(store, person=person(0), round_id="nope"), RoundNotOpen)
    round_ = open_june(store)
    bad = RawAnswers(ethnicity="77", staff_group=None, answers={"q14a": 8})
    result = submit(store, person=person(0), round_id=round_.id, raw=bad, remember=True)
    assert isinstance(result, InvalidSubmission)
    assert set(result.problems) == {"ethnicity", "q14a"}
    assert store.roster.find(platform="slack", workspace="T0TEST", user_id="U0000") is None
    close_round(store, round_id=round_.id)
    late = submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    assert isinstance(late, RoundNotOpen)


def test_remembered_background_prefills_and_unticking_erases_it(store: Store) -> None:
    add_staff(store, 1)
    june = open_june(store)
    submit(store, person=person(0), round_id=june.id, raw=ANSWERS, remember=True)
    close_round(store, round_id=june.id)
    july = store.rounds.open_once(
        period="2026-07", recall=june.recall, opens_at=june.opens_at, closes_at=june.closes_at
    )[0]
    form = start_pulse(store, person=person(0))
    assert isinstance(form, PulseFormReply) and form.round_id == july.id
    assert form.prefill == {ETHNICITY_FIELD: "11", STAFF_GROUP_FIELD: "locum"}
    home_view = home(store, person=person(0), latest_report=None)
    assert home_view.remembers_background and home_view.current_round == "2026-07"
    submit(store, person=person(0), round_id=july.id, raw=ANSWERS, remember=False)
    # Applied at the close, not at the moment of the submission (docs/privacy.md).
    entry = store.roster.find(platform="slack", workspace="T0TEST", user_id="U0000")
    assert entry is not None and entry.has_profile
    close_round(store, round_id=july.id)
    entry = store.roster.find(platform="slack", workspace="T0TEST", user_id="U0000")
    assert entry is not None and not entry.has_profile
    with store.db.session() as session:
        sealed = session.execute(text("SELECT profile_ciphertext FROM staff")).scalars().all()
    assert sealed == [None]


def test_remembering_waits_for_the_close_and_never_re_adds_someone_erased(
    store: Store,
) -> None:
    # Applied at the close: the roster sync may add them meanwhile; someone who asked
    # to be forgotten after answering stays forgotten (docs/privacy.md).
    round_ = open_june(store)
    submit(store, person=person(7), round_id=round_.id, raw=ANSWERS, remember=True)
    submit(store, person=person(8), round_id=round_.id, raw=ANSWERS, remember=True)
    who = {"platform": "slack", "workspace": "T0TEST"}
    store.roster.upsert(**who, user_id="U0007", delivery={"user": "U0007"})
    mine = pulse_command(store, person=person(7), text="my-data")
    assert isinstance(mine, MyData) and mine.remembered_background == {}
    close_round(store, round_id=round_.id)
    assert store.roster.find(**who, user_id="U0008") is None
    mine = pulse_command(store, person=person(7), text="my-data")
    assert isinstance(mine, MyData) and mine.on_roster
    assert mine.remembered_background == {
        "Ethnic background": "Bangladeshi",
        "How you are employed": "Locum",
    }


def test_my_data_lists_what_is_held_and_never_answers(store: Store) -> None:
    add_staff(store, 1)
    round_ = open_june(store)
    submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    mine = pulse_command(store, person=person(0), text=" My-Data ")
    assert isinstance(mine, MyData)
    assert mine.on_roster and not mine.opted_out
    assert mine.rounds_taken_part == ("2026-06",) and mine.remembered_background == {}
    shown = repr(asdict(mine))
    for answer in ("q14a", "q16a", "locum", "Locum", "Bangladeshi", "'11'"):
        assert answer not in shown


def test_forget_me_erases_roster_profile_and_pending_messages(store: Store) -> None:
    ids = add_staff(store, 2)
    round_ = open_june(store)
    submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=True)
    reply = pulse_command(store, person=person(0), text="forget-me")
    assert isinstance(reply, Notice) and "cannot be found" in reply.text
    assert store.roster.find(platform="slack", workspace="T0TEST", user_id="U0000") is None
    with store.db.session() as session:
        left = session.execute(text("SELECT staff_id FROM outbox")).scalars().all()
        profiles = session.execute(
            text("SELECT count(*) FROM staff WHERE profile_ciphertext IS NOT NULL")
        ).scalar_one()
    assert left == [ids[1]] and profiles == 0
    # Participation stays (it stops a second answer), and the message says so.
    assert store.submissions.count(round_.id) == 1
    assert "2026-06" in reply.text and "cannot answer those rounds again" in reply.text
    again = pulse_command(store, person=person(0), text="forget-me")
    assert isinstance(again, Notice) and "not on the pulse delivery list" in again.text
    assert "2026-06" in again.text
    other = pulse_command(store, person=person(1), text="forget-me")
    assert isinstance(other, Notice) and "cannot answer" not in other.text


def test_opt_out_cancels_waiting_invitations_and_opt_in_restores(store: Store) -> None:
    add_staff(store, 2)
    round_ = open_june(store)
    out = pulse_command(store, person=person(0), text="opt-out")
    assert isinstance(out, Notice) and "not be invited" in out.text
    stats = store.outbox.stats(round_.id)
    assert (stats.pending, stats.failure_reasons) == (1, {"opted out": 1})
    assert len(store.roster.audience()) == 1
    assert isinstance(pulse_command(store, person=person(0), text="opt-in"), Notice)
    assert len(store.roster.audience()) == 2
    # Someone unknown who opts out is remembered as opted out, and nothing else.
    pulse_command(store, person=person(5), text="opt-out")
    assert len(store.roster.audience()) == 2


def test_help_privacy_and_unknown_words(store: Store) -> None:
    helped = pulse_command(store, person=person(0), text="help")
    assert isinstance(helped, Notice) and "forget-me" in helped.text
    unknown = pulse_command(store, person=person(0), text="delete everything")
    assert isinstance(unknown, Notice) and "not something /pulse knows" in unknown.text
    notice = pulse_command(
        store,
        person=person(0),
        text="privacy",
        notice=NoticeSettings(contact="dpo@example.nhs.uk", retention_months=18),
    )
    assert isinstance(notice, PrivacyNotice)
    body = " ".join(notice.paragraphs)
    for promise in (
        "encrypted",
        "nothing links them to you",
        "that separate key is destroyed",
        "groups of 11 or more",
        "delivery list",
        "opt-out",
        "my-data",
        "forget-me",
        "18 months",
        "Schedule 1, paragraph 8",
        "dpo@example.nhs.uk",
    ):
        assert promise in body


def test_home_shows_round_settings_and_taken_part(store: Store) -> None:
    ids = add_staff(store, 1)
    round_ = open_june(store)
    store.roster.set_opted_out(ids[0], True)
    before = home(store, person=person(0), latest_report=None)
    assert isinstance(before, HomeView) and before.opted_out and not before.taken_part
    submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=False)
    after = home(store, person=person(0), latest_report=None)
    assert after.taken_part and after.current_round == "2026-06" and after.latest is None


def test_fifty_concurrent_submissions_of_one_person_store_one_response(store: Store) -> None:
    add_staff(store, 1)
    round_ = open_june(store)

    def attempt(_: int) -> object:
        return submit(store, person=person(0), round_id=round_.id, raw=ANSWERS, remember=True)

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(attempt, range(50)))
    assert sum(isinstance(r, Thanks) for r in results) == 1
    assert sum(isinstance(r, AlreadyTookPart) for r in results) == 49
    close_round(store, round_id=round_.id)
    payloads, _ = store.responses.load_payloads([round_.id])
    assert len(payloads) == 1 and store.submissions.count(round_.id) == 1
