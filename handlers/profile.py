"""Remembered background answers: kept sealed on the staff row only when the person asks,
offered back as the form's prefill, erased when they untick "remember" or ask us to."""

from __future__ import annotations

import json
from dataclasses import replace

from handlers.identity import Person
from handlers.messages import MyData
from handlers.raw_answers import RawAnswers
from storage.store import Store
from surveys.demographics import ETHNICITY_BY_CODE, NOT_STATED_CODE, STAFF_GROUP_LABELS
from surveys.demographics import StaffGroup as StaffGroupEnum
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD

PROFILE_FIELDS = (ETHNICITY_FIELD, STAFF_GROUP_FIELD)


def encode(raw: RawAnswers) -> bytes | None:
    """The background answers worth remembering; None when both were skipped."""
    values = {ETHNICITY_FIELD: raw.ethnicity, STAFF_GROUP_FIELD: raw.staff_group}
    kept = {name: value for name, value in values.items() if value}
    return json.dumps(kept, sort_keys=True).encode() if kept else None


def decode(profile: bytes | None) -> dict[str, str]:
    if not profile:
        return {}
    loaded = json.loads(profile)
    return {k: str(v) for k, v in loaded.items() if k in PROFILE_FIELDS and v}


def prefill_for(store: Store, person: Person) -> dict[str, str]:
    """Form field id -> remembered value, or nothing if the person asked for nothing."""
    entry = store.roster.find(
        platform=person.platform, workspace=person.workspace, user_id=person.user_id
    )
    if entry is None or not entry.has_profile:
        return {}
    return decode(store.roster.profile_of(entry.id))


def with_remembered(store: Store, person: Person, raw: RawAnswers) -> RawAnswers:
    """The answers with any background question left empty filled from the remembered
    profile: for forms that never carry the remembered values to the person's screen."""
    remembered = prefill_for(store, person)
    return replace(
        raw,
        ethnicity=raw.ethnicity or remembered.get(ETHNICITY_FIELD),
        staff_group=raw.staff_group or remembered.get(STAFF_GROUP_FIELD),
    )


def _labels(profile: dict[str, str]) -> dict[str, str]:
    shown: dict[str, str] = {}
    code = profile.get(ETHNICITY_FIELD)
    if code:
        found = ETHNICITY_BY_CODE.get(code)
        shown["Ethnic background"] = (
            "Prefer not to say" if code == NOT_STATED_CODE else found.label if found else code
        )
    group = profile.get(STAFF_GROUP_FIELD)
    if group:
        try:
            shown["How you are employed"] = STAFF_GROUP_LABELS[StaffGroupEnum(group)]
        except ValueError:
            shown["How you are employed"] = group
    return shown


def my_data(store: Store, person: Person) -> MyData:
    """Roster entry, remembered background and rounds taken part in; never answers."""
    held = store.roster.my_data(
        platform=person.platform, workspace=person.workspace, user_id=person.user_id
    )
    return MyData(
        on_roster=held.entry is not None,
        opted_out=bool(held.entry and held.entry.opted_out),
        remembered_background=_labels(decode(held.profile)),
        rounds_taken_part=held.rounds_taken_part,
    )
