"""Replacing the master key without ever losing it (`keys rotate`, `keys shred`).

The order of steps is what keeps data readable (docs/privacy.md#rotating-without-losing-a-key):
1. the new key is made durable first: a file beside the key file, fsynced, or, when the
   key comes from the environment, shown once and typed back by the operator;
2. one database transaction re-wraps every live data key (and shreds a round when asked);
3. only then is the old key retired: the staged file atomically replaces the key file.
A failure before step 2 commits leaves the old key in use and removes what step 1 made.
A failure after it names where the new key is. Running `keys rotate` again finishes a
rotation whose last step was interrupted.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bot.settings import KeySettings, Settings
from bot.store_opening import open_store, operator
from storage.faults import crash_point
from storage.keys import (
    KeyConfigError,
    Secrets,
    decode_key,
    generate_key,
    read_key_file,
    replace_key_file,
    write_key_file,
)
from storage.repositories.keyring import RotationSummary
from storage.store import Store

console = Console(highlight=False)
Confirm = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Plan:
    new_key_file: Path | None
    keep_old: Path | None
    shred_round_ids: tuple[str, ...]
    confirm: Confirm  # asks the operator to type the new key back (environment keys)


def master_key_env_in_use(keys: KeySettings) -> str | None:
    """The environment variable the master key comes from, or None for the key file."""
    name = keys.master_key_env
    return name if name and os.environ.get(name, "").strip() else None


def staged_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".new")


def rotate(settings: Settings, plan: Plan) -> RotationSummary | None:
    """Run the rotation; None when it only finished an interrupted one."""
    store = open_store(settings)
    try:
        env = master_key_env_in_use(settings.keys)
        if env is None:
            return rotate_key_file(settings.keys.master_key_file, store, plan)
        return _rotate_env(env, store, plan)
    finally:
        store.close()


def _new_key(plan: Plan) -> bytes:
    if plan.new_key_file is None:
        return generate_key()
    return read_key_file(plan.new_key_file, "new master key")


def _keep_old(plan: Plan, old: bytes) -> None:
    if plan.keep_old is None:
        return
    write_key_file(plan.keep_old, old)
    console.print(
        f"[bold yellow]WARNING[/]: the old master key was kept in {plan.keep_old}, as asked. "
        "With it, any backup taken before now can still be read, shredded rounds included. "
        "Destroy it as soon as you no longer need it."
    )


def _commit(store: Store, new: Secrets, plan: Plan, undo: Callable[[], None]) -> RotationSummary:
    try:
        return store.keyring.rotate(new, shred_round_ids=plan.shred_round_ids)
    except BaseException:
        undo()  # nothing was committed: the old key still opens everything
        raise


def rotate_key_file(
    current: Path | None, store: Store, plan: Plan, *, actor: str | None = None
) -> RotationSummary | None:
    """Rotate a master key kept in `current` (also the scheduler's retention run, with
    its own `actor`); None when it only finished an interrupted rotation."""
    if current is None:
        raise KeyConfigError("No master key is configured: set [keys] master_key_file.")
    staged = staged_path(current)
    old = store.keyring.secrets
    if staged.exists():
        _finish_or_refuse(store, staged, current, old)
        return None
    new = Secrets(master_key=_new_key(plan), pepper=old.pepper)
    _keep_old(plan, old.master_key)
    kept = plan.keep_old

    def undo() -> None:
        staged.unlink(missing_ok=True)
        if kept is not None:
            kept.unlink(missing_ok=True)

    try:
        write_key_file(staged, new.master_key)
    except BaseException:
        undo()
        raise
    summary = _commit(store, new, plan, undo)
    crash_point("rotate-after-commit")
    _retire_old_file(staged, current, new.master_key_id)
    _audit(store, summary, plan, where=str(current), actor=actor)
    return summary


def _retire_old_file(staged: Path, current: Path, new_id: str) -> None:
    try:
        replace_key_file(staged, current)
    except OSError as exc:
        raise KeyConfigError(
            f"The data keys are now wrapped by the new master key {new_id}, which is in "
            f"{staged}, but moving it to {current} failed ({exc.strerror}). Move it there "
            f"yourself (mv {staged} {current}) or run `bigconv keys rotate` again, which "
            "finishes the move. The old key no longer opens anything."
        ) from None


def _finish_or_refuse(store: Store, staged: Path, current: Path, old: Secrets) -> None:
    staged_id = Secrets(master_key=read_key_file(staged, "staged master key"), pepper=old.pepper)
    wrapped_by = store.keyring.wrapped_by()
    if staged_id.master_key_id in wrapped_by and old.master_key_id not in wrapped_by:
        _retire_old_file(staged, current, staged_id.master_key_id)
        console.print(
            f"Finished the rotation that was interrupted: {current} now holds the new master "
            f"key {staged_id.master_key_id}."
        )
        return None
    raise KeyConfigError(
        f"{staged} is left from a rotation that never committed: no data key is wrapped by "
        "it. Delete it, then run `bigconv keys rotate` again. Nothing was changed."
    )


def _rotate_env(env: str, store: Store, plan: Plan) -> RotationSummary:
    old = store.keyring.secrets
    new = Secrets(master_key=_new_key(plan), pepper=old.pepper)
    if plan.new_key_file is None:
        console.print(
            "The master key comes from the environment, so the new key is shown here ONCE. "
            f"Store it now where {env} comes from (your key vault, or its custodian's "
            "record); nothing changes until you have typed it back.\n\n"
            f"  New master key (id {new.master_key_id}): "
            f"{base64.b64encode(new.master_key).decode()}\n"
        )
        typed = plan.confirm("Paste the new master key to confirm you have stored it")
        try:
            matches = decode_key(typed, "The key you typed") == new.master_key
        except KeyConfigError:
            matches = False
        if not matches:
            raise KeyConfigError(
                "That is not the new master key. Nothing was changed; the old key still works."
            )
    kept = plan.keep_old
    _keep_old(plan, old.master_key)

    def undo() -> None:
        if kept is not None:
            kept.unlink(missing_ok=True)

    summary = _commit(store, new, plan, undo)
    where = str(plan.new_key_file) if plan.new_key_file else "the key you confirmed above"
    _audit(store, summary, plan, where=where)
    console.print(
        f"Now set {env} to the new master key {new.master_key_id} ({where}) everywhere the "
        f"bot runs, and restart it. The old key {old.master_key_id} opens nothing any more: "
        "destroy every copy of it."
    )
    return summary


def _audit(
    store: Store, summary: RotationSummary, plan: Plan, *, where: str, actor: str | None = None
) -> None:
    details: dict[str, object] = {
        "from": summary.old_master_key_id,
        "to": summary.new_master_key_id,
        "rewrapped": summary.rewrapped,
    }
    if len(plan.shred_round_ids) == 1:
        details["shredded_round"] = plan.shred_round_ids[0]
    elif plan.shred_round_ids:
        details["shredded_rounds"] = list(plan.shred_round_ids)
    action = "keys shred" if plan.shred_round_ids else "keys rotate"
    who = actor if actor is not None else operator().person.actor
    try:
        store.audit.append(actor=who, action=action, details=details)
    except Exception:
        raise KeyConfigError(
            f"The rotation is committed: the data keys are wrapped by the new master key "
            f"{summary.new_master_key_id} ({where}); keep that key. Only the audit entry "
            "could not be written; check the database and record the rotation by hand."
        ) from None
