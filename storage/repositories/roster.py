"""The delivery roster: who to message and where, found by a keyed hash of the user id.

A remembered profile (background answers) is sealed against the staff row and can be
erased at any time. Nothing here links a person to a response.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.db import Database, serialise
from storage.errors import UnknownStaff
from storage.models import DataKey, Participation, Round, Staff
from storage.padding import PROFILE_WIDTH, ProfileChange, pad, unpad
from storage.repositories.keyring import Keyring
from storage.vault import Vault

PROFILE_KEY_ID = "staff-profiles"


@dataclass(frozen=True, slots=True)
class StaffEntry:
    id: str
    platform: str
    workspace: str
    delivery: dict[str, Any] | None
    opted_out: bool
    active: bool
    has_profile: bool


@dataclass(frozen=True, slots=True)
class MyData:
    """Everything held about one person: never their answers, which cannot be linked."""

    entry: StaffEntry | None
    profile: bytes | None
    rounds_taken_part: tuple[str, ...]  # round periods, oldest first


def _entry(row: Staff) -> StaffEntry:
    return StaffEntry(
        id=row.id,
        platform=row.platform,
        workspace=row.workspace,
        delivery=row.delivery,
        opted_out=row.opted_out,
        active=row.active,
        has_profile=row.profile_ciphertext is not None,
    )


def _row(
    session: Session, vault: Vault, platform: str, workspace: str, user_id: str
) -> Staff | None:
    lookup = vault.staff_lookup(platform, workspace, user_id)
    query = select(Staff).where(
        Staff.platform == platform, Staff.workspace == workspace, Staff.lookup == lookup
    )
    return session.execute(query).scalar_one_or_none()


def upsert_staff(
    session: Session,
    vault: Vault,
    *,
    platform: str,
    workspace: str,
    user_id: str,
    delivery: dict[str, Any] | None = None,
) -> StaffEntry:
    """Add a person to the roster (or reactivate them), updating the delivery address."""
    row = _row(session, vault, platform, workspace, user_id)
    if row is None:
        row = Staff(
            id=str(uuid.uuid4()),
            platform=platform,
            workspace=workspace,
            lookup=vault.staff_lookup(platform, workspace, user_id),
            delivery=delivery,
            opted_out=False,
            active=True,
        )
        session.add(row)
    else:
        row.active = True
        if delivery is not None:
            row.delivery = delivery
    session.flush()
    return _entry(row)


def sync_batch(
    session: Session,
    *,
    platform: str,
    workspace: str,
    members: dict[bytes, dict[str, Any]],
    known: dict[bytes, str],
) -> set[str]:
    """One batch of a roster sync: add or reactivate these people (lookup -> delivery),
    merging the delivery address into what is stored now (an adapter may have learnt a
    DM channel since). `known`: lookup -> staff id as read at the sync's start, so rows
    are found by primary key. Writes only rows that change; returns the batch's ids."""
    ids = [known[lookup] for lookup in members if lookup in known]
    rows = session.execute(
        select(Staff.id, Staff.lookup, Staff.delivery, Staff.active).where(Staff.id.in_(ids))
    ).all()
    changed = []
    for row in rows:
        merged = {**(row.delivery or {}), **members[bytes(row.lookup)]}
        if not row.active or merged != row.delivery:
            changed.append({"row_id": row.id, "delivery": merged})
    if changed:
        statement = update(Staff).where(Staff.id == bindparam("row_id"))
        session.connection().execute(statement.values(active=True), changed)
    present = {row.id for row in rows}
    found = {bytes(row.lookup) for row in rows}
    new = [
        {
            "id": str(uuid.uuid4()),
            "platform": platform,
            "workspace": workspace,
            "lookup": lookup,
            "delivery": delivery,
            "opted_out": False,
            "active": True,
        }
        for lookup, delivery in members.items()
        if lookup not in found
    ]
    if new:
        # A person added meanwhile by a request (upsert_staff) is kept, not duplicated.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        insert = dialect.insert(Staff).on_conflict_do_nothing(
            index_elements=["platform", "workspace", "lookup"]
        )
        inserted = session.execute(insert.returning(Staff.id, Staff.lookup), new).all()
        present |= {row.id for row in inserted}
        missed = set(members) - found - {bytes(row.lookup) for row in inserted}
        for lookup in missed:  # rare: added by a request since the sync began
            entry = session.execute(
                select(Staff).where(
                    Staff.platform == platform, Staff.workspace == workspace, Staff.lookup == lookup
                )
            ).scalar_one()
            entry.active, entry.delivery = True, {**(entry.delivery or {}), **members[lookup]}
            present.add(entry.id)
    return present


def find_staff(
    session: Session, vault: Vault, *, platform: str, workspace: str, user_id: str
) -> StaffEntry | None:
    row = _row(session, vault, platform, workspace, user_id)
    return None if row is None else _entry(row)


def _set(session: Session, staff_id: str, **values: Any) -> None:
    result = session.execute(update(Staff).where(Staff.id == staff_id).values(**values))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise UnknownStaff()


def set_delivery(session: Session, staff_id: str, delivery: dict[str, Any]) -> None:
    _set(session, staff_id, delivery=delivery)


def set_opted_out(session: Session, staff_id: str, opted_out: bool) -> None:
    _set(session, staff_id, opted_out=opted_out)


def set_active(session: Session, staff_id: str, active: bool) -> None:
    _set(session, staff_id, active=active)


def audience(
    session: Session, *, platform: str | None = None, workspace: str | None = None
) -> list[StaffEntry]:
    """Everyone who should be invited to a pulse: active and not opted out."""
    query = select(Staff).where(Staff.active, Staff.opted_out.is_(False)).order_by(Staff.id)
    if platform is not None:
        query = query.where(Staff.platform == platform)
    if workspace is not None:
        query = query.where(Staff.workspace == workspace)
    return [_entry(row) for row in session.execute(query).scalars()]


def _profile_cipher(session: Session, keyring: Keyring) -> AESGCM:
    serialise(session, PROFILE_KEY_ID)
    exists = session.execute(select(DataKey.key_id).where(DataKey.key_id == PROFILE_KEY_ID))
    if exists.first() is None:
        return keyring.create(session, PROFILE_KEY_ID)
    return keyring.cipher(session, PROFILE_KEY_ID)


def remember_profile(session: Session, keyring: Keyring, staff_id: str, profile: bytes) -> None:
    """Keep the person's background answers, sealed, because they asked us to."""
    sealed = keyring.vault.seal(
        _profile_cipher(session, keyring),
        table="staff",
        row_id=staff_id,
        key_id=PROFILE_KEY_ID,
        plaintext=pad(profile, PROFILE_WIDTH),
    )
    _set(session, staff_id, profile_key_id=PROFILE_KEY_ID, profile_ciphertext=sealed)


def profile_of(session: Session, keyring: Keyring, staff_id: str) -> bytes | None:
    row = session.get(Staff, staff_id)
    if row is None:
        raise UnknownStaff()
    if row.profile_ciphertext is None or row.profile_key_id is None:
        return None
    cipher = keyring.cipher(session, row.profile_key_id)
    opened = keyring.vault.open(
        cipher,
        table="staff",
        row_id=staff_id,
        key_id=row.profile_key_id,
        blob=row.profile_ciphertext,
    )
    return unpad(opened)


def apply_profile_change(session: Session, keyring: Keyring, change: ProfileChange) -> None:
    """At a round's close: remember or forget what a submitter asked. Someone no longer
    on the roster (they asked us to forget them meanwhile) is not added back."""
    row = _row(session, keyring.vault, change.platform, change.workspace, change.user_id)
    if row is None:
        return
    if change.profile is None:
        if row.profile_ciphertext is not None:
            _set(session, row.id, profile_key_id=None, profile_ciphertext=None)
        return
    remember_profile(session, keyring, row.id, change.profile)


def forget_profile(db: Database, staff_id: str) -> None:
    """Erase the remembered profile now, including PostgreSQL's old row versions."""
    with db.session() as session:
        _set(session, staff_id, profile_key_id=None, profile_ciphertext=None)
    db.vacuum_tables("staff")


def forget_me(db: Database, vault: Vault, *, platform: str, workspace: str, user_id: str) -> bool:
    """Erase the roster entry and profile. Returns False when there was nothing held."""
    lookup = vault.staff_lookup(platform, workspace, user_id)
    with db.session() as session:
        result = session.execute(
            delete(Staff).where(
                Staff.platform == platform, Staff.workspace == workspace, Staff.lookup == lookup
            )
        )
        erased = bool(result.rowcount)  # type: ignore[attr-defined]
    db.vacuum_tables("staff")
    return erased


def my_data(
    session: Session, keyring: Keyring, *, platform: str, workspace: str, user_id: str
) -> MyData:
    """The roster entry, the remembered profile, and the rounds taken part in.

    Participation stores no staff link, so the rounds are found by recomputing this
    person's token for every round and looking the tokens up.
    """
    vault = keyring.vault
    row = _row(session, vault, platform, workspace, user_id)
    entry = None if row is None else _entry(row)
    profile = None if row is None else profile_of(session, keyring, row.id)
    rounds = session.execute(select(Round.id, Round.period)).all()
    tokens = {vault.participation_token(platform, workspace, user_id, rid): p for rid, p in rounds}
    taken: list[str] = []
    for start in range(0, len(tokens), 500):
        chunk = list(tokens)[start : start + 500]
        found = session.execute(select(Participation.token).where(Participation.token.in_(chunk)))
        taken += [tokens[token] for token in found.scalars()]
    return MyData(entry=entry, profile=profile, rounds_taken_part=tuple(sorted(taken)))
