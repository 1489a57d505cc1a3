"""Anonymous replies to a prompt, sealed under the prompt's data key.

What a row holds, and why nothing in it points at the author:
- `id`: a random UUIDv4 (also the SQLite WITHOUT ROWID key, so file order is random).
  It is never shown to anyone: the two sides each get their own id (below);
- `month`: "YYYY-MM", never a finer time; no column records when the row was written;
- `status`: "held" until the scheduler releases the reply to the chair's queue in a
  shuffled batch ("pending"), so the moment it appears there does not pin its sender;
- `queue_id`: the chair's short random id, drawn at release. The author never sees it;
- `ciphertext`: the text, AES-256-GCM, AD `prompt_replies|id|key_id|1`;
- `withdraw_token_hash`: HMAC(pepper, "prompt-withdraw-code", code). The code is random,
  handed only to the author (in a modal or dialog, which chat history does not keep),
  and never stored; it names nobody and shares nothing with `queue_id`;
- `handle_ciphertext` (only when the author ticked "let the chair reply to me
  anonymously"): their delivery address {"platform", "workspace", "user"} as JSON, sealed
  under the same data key with AD `prompt_reply_handles|id|key_id|1`, so it cannot be
  moved to another row or read as reply text. Only the bot opens it, inside the
  chair-reply use case, to send the chair's answer as a DM; the chair is never shown it.
  Without the master key (a dump, a backup) it is opaque; shredding the prompt's data
  key destroys it with the text. Whoever holds the database *and* the key can open it:
  that is the price of the opt-in, and the reply form says the box is optional.

Residual risks, documented rather than solved (replies are held and released in small
shuffled batches, not buffered to k like pulse answers: a chair must see a reply soon):
- free text can identify its author by what it says or how; the form warns, plainly;
- on PostgreSQL each new reply rewrites the prompt's replies in random order within its
  own transaction (then VACUUM), so ctid order is shuffled and all share one xmin; what
  remains is that the newest write time is the newest reply's, which says nothing about
  which row it was once a prompt holds two or more. SQLite keeps no order at all
  (WITHOUT ROWID, random key);
- the chat platform sees the form submission in transit, as it sees every modal.
"""

from __future__ import annotations

import json
import secrets as random_source
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from hmac import compare_digest

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from discussion.model import RelayReference, ReplyStatus, WithdrawOutcome
from storage.errors import StorageError
from storage.padding import HANDLE_WIDTH, REPLY_WIDTH, pad, unpad
from storage.prompt_models import PromptReply
from storage.repositories.keyring import Keyring
from storage.repositories.prompts import key_of
from storage.vault import Vault

TABLE = "prompt_replies"
HANDLE_TABLE = "prompt_reply_handles"  # AD table of the sealed handle, never a real table
HELD, PENDING = ReplyStatus.HELD.value, ReplyStatus.PENDING.value
QUEUE_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
QUEUE_ID_LENGTH = 8


class UnknownReply(StorageError):
    def __init__(self, queue_id: str) -> None:
        super().__init__(f"There is no reply with id {queue_id}.")
        self.queue_id = queue_id


@dataclass(frozen=True, slots=True)
class ReplyView:
    """A decrypted reply for the chair, the EDI export or the relay. No author, ever;
    `queue_id` is the chair's id for it (empty while the reply is held back)."""

    queue_id: str
    prompt_id: str
    month: str
    status: ReplyStatus
    text: str
    has_handle: bool


def _legacy_token(vault: Vault, reply_id: str, secret: str) -> bytes:
    """Codes handed out before 0007 were "reply id:secret"."""
    return vault.hmac("prompt-withdraw", reply_id, secret)


def _token(vault: Vault, code: str) -> bytes:
    return vault.hmac("prompt-withdraw-code", code)


def add_reply(
    session: Session,
    keyring: Keyring,
    *,
    prompt_id: str,
    text: str,
    handle: Mapping[str, str] | None,
    month: str,
) -> tuple[str, str]:
    """Seal and store a reply, held back from the queue; returns the withdrawal code, for
    the author only. The row's id is returned for tests and never shown to anyone."""
    key_id, _ = key_of(session, prompt_id)
    cipher = keyring.cipher(session, key_id)
    vault = keyring.vault
    reply_id = str(uuid.uuid4())
    code = random_source.token_urlsafe(18)
    sealed_handle = None
    if handle is not None:
        # Padded: a handle's length would tell the platform and the kind of address.
        address = pad(json.dumps(dict(handle), sort_keys=True).encode(), HANDLE_WIDTH)
        sealed_handle = vault.seal(
            cipher, table=HANDLE_TABLE, row_id=reply_id, key_id=key_id, plaintext=address
        )
    session.add(
        PromptReply(
            id=reply_id,
            prompt_id=prompt_id,
            month=month,
            status=HELD,
            key_id=key_id,
            ciphertext=vault.seal(
                cipher,
                table=TABLE,
                row_id=reply_id,
                key_id=key_id,
                # Padded to one width: a reply's length must not tell which one it is.
                plaintext=pad(text.rstrip("\0").encode(), REPLY_WIDTH),
            ),
            handle_ciphertext=sealed_handle,
            withdraw_token_hash=_token(vault, code),
        )
    )
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        _rewrite_shuffled(session, prompt_id)
    return reply_id, code


def _rewrite_shuffled(session: Session, prompt_id: str) -> None:
    """PostgreSQL keeps rows in the order they were written (ctid), each stamped with its
    writer's transaction (xmin). Rewriting every reply of the prompt, one by one in random
    order, inside the newest reply's transaction leaves them all with one xmin and a
    shuffled heap order; the caller VACUUMs the old versions away."""
    ids = list(
        session.execute(select(PromptReply.id).where(PromptReply.prompt_id == prompt_id)).scalars()
    )
    random_source.SystemRandom().shuffle(ids)
    for reply_id in ids:
        session.execute(
            update(PromptReply).where(PromptReply.id == reply_id).values(month=PromptReply.month)
        )


def _row(session: Session, queue_id: str) -> PromptReply:
    """The reply the chair knows as `queue_id` (held replies have none, so never match)."""
    row = session.execute(
        select(PromptReply).where(PromptReply.queue_id == queue_id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise UnknownReply(queue_id)
    return row


def _by_code(session: Session, vault: Vault, code: str) -> PromptReply | None:
    reply_id, colon, secret = code.partition(":")
    if colon:  # a code from before 0007
        row = session.get(PromptReply, reply_id, with_for_update=True)
        expected = None if row is None else _legacy_token(vault, reply_id, secret)
    else:
        token = _token(vault, code)
        row = session.execute(
            select(PromptReply).where(PromptReply.withdraw_token_hash == token).with_for_update()
        ).scalar_one_or_none()
        expected = token
    if row is None or expected is None or not compare_digest(row.withdraw_token_hash, expected):
        return None
    return row


def withdraw(session: Session, vault: Vault, code: str) -> WithdrawOutcome:
    """Erase a held or pending reply's text and handle, if `code` is its withdrawal code."""
    row = _by_code(session, vault, code)
    if row is None:
        return WithdrawOutcome.UNKNOWN
    if row.status not in (HELD, PENDING):
        return WithdrawOutcome.NOT_PENDING
    row.status, row.ciphertext, row.handle_ciphertext = ReplyStatus.WITHDRAWN.value, b"", None
    session.flush()
    return WithdrawOutcome.WITHDRAWN


def held_counts(session: Session) -> dict[str, int]:
    """How many replies each prompt holds back from its chair's queue."""
    rows = session.execute(
        select(PromptReply.prompt_id, func.count())
        .where(PromptReply.status == HELD)
        .group_by(PromptReply.prompt_id)
    ).all()
    return {prompt_id: int(n) for prompt_id, n in rows}


def _fresh_queue_id(session: Session, taken: set[str]) -> str:
    while True:
        drawn = "".join(random_source.choice(QUEUE_ID_ALPHABET) for _ in range(QUEUE_ID_LENGTH))
        if drawn in taken:
            continue
        clash = session.execute(select(PromptReply.id).where(PromptReply.queue_id == drawn))
        if clash.first() is None:
            taken.add(drawn)
            return drawn


def release(session: Session, prompt_id: str) -> int:
    """Move every held reply of the prompt into the chair's queue, in random order, each
    with a fresh queue id; one transaction, so they share one write time (and xmin)."""
    rows = list(
        session.execute(
            select(PromptReply)
            .where(PromptReply.prompt_id == prompt_id, PromptReply.status == HELD)
            .with_for_update()
        ).scalars()
    )
    random_source.SystemRandom().shuffle(rows)
    taken: set[str] = set()
    for row in rows:
        row.status, row.queue_id = PENDING, _fresh_queue_id(session, taken)
        session.flush()
    if rows and session.get_bind().dialect.name == "postgresql":
        _rewrite_shuffled(session, prompt_id)  # every reply of the prompt: one xmin again
    return len(rows)


def load_replies(
    session: Session, keyring: Keyring, prompt_id: str, statuses: Collection[str]
) -> list[ReplyView]:
    """The prompt's replies in these statuses, decrypted, in (random) queue id order."""
    rows = session.execute(
        select(PromptReply)
        .where(
            PromptReply.prompt_id == prompt_id,
            PromptReply.status.in_(sorted(str(s) for s in statuses)),
        )
        .order_by(PromptReply.queue_id, PromptReply.id)
    ).scalars()
    return [_view(session, keyring, row) for row in rows]


def _view(session: Session, keyring: Keyring, row: PromptReply) -> ReplyView:
    text = b""
    if row.status != ReplyStatus.WITHDRAWN:
        text = keyring.vault.open(
            keyring.cipher(session, row.key_id),
            table=TABLE,
            row_id=row.id,
            key_id=row.key_id,
            blob=row.ciphertext,
        )
    has_handle = row.handle_ciphertext is not None
    queue_id = row.queue_id or ""
    shown = unpad(text).decode()
    status = ReplyStatus(row.status)
    return ReplyView(queue_id, row.prompt_id, row.month, status, shown, has_handle)


def reply_of(session: Session, keyring: Keyring, queue_id: str) -> ReplyView:
    return _view(session, keyring, _row(session, queue_id))


def transition(
    session: Session, queue_id: str, allowed: Collection[ReplyStatus], to: ReplyStatus
) -> bool:
    """Move a reply to status `to` if it is in one of `allowed`; False otherwise."""
    row = _row(session, queue_id)
    if row.status not in {s.value for s in allowed}:
        return False
    row.status = to.value
    session.flush()
    return True


def open_handle(session: Session, keyring: Keyring, queue_id: str) -> dict[str, str] | None:
    """The author's delivery address, if they asked for a reply (for the bot's DM only)."""
    row = _row(session, queue_id)
    if row.handle_ciphertext is None or row.status == ReplyStatus.WITHDRAWN:
        return None
    address = keyring.vault.open(
        keyring.cipher(session, row.key_id),
        table=HANDLE_TABLE,
        row_id=row.id,
        key_id=row.key_id,
        blob=row.handle_ciphertext,
    )
    loaded: dict[str, str] = json.loads(unpad(address))
    return loaded


def mark_relayed(session: Session, queue_id: str, reference: RelayReference) -> bool:
    """Record where an approved reply was posted; False unless it was approved. A second
    relay of the same reply adds its posts to those already recorded."""
    row = _row(session, queue_id)
    if row.status not in (ReplyStatus.APPROVED, ReplyStatus.RELAYED):
        return False
    known = RelayReference.from_json(row.relay_reference).posts
    merged = RelayReference(known + tuple(p for p in reference.posts if p not in known))
    row.status, row.relay_reference = ReplyStatus.RELAYED.value, merged.to_json()
    session.flush()
    return True


def counts(session: Session, prompt_id: str) -> dict[str, int]:
    """How many replies the prompt has in each status: numbers, nothing about anyone."""
    rows = session.execute(
        select(PromptReply.status, func.count())
        .where(PromptReply.prompt_id == prompt_id)
        .group_by(PromptReply.status)
    ).all()
    return {status: int(n) for status, n in rows}


def relayed_to(session: Session, queue_id: str) -> RelayReference:
    """Where a relayed reply was posted (no posts unless it was relayed)."""
    return RelayReference.from_json(_row(session, queue_id).relay_reference)
