"""The scheduler's retention run: rounds past `[privacy] retention_months` are shredded so
that backups lose them too (docs/privacy.md, "Retention and backups").

- Master key in a key file: the expired rounds are shredded by a master key rotation, the
  same one `bigconv keys shred` runs (staged `<key file>.new`, one transaction that
  re-wraps every live data key and destroys the expired ones, then the file is replaced).
  A backup taken before the run then opens nothing with the new key, and the old key is
  gone.
- Master key from the environment: the bot cannot replace it. The expired rounds are
  still shredded in the live database, as the privacy notice promises, but a backup taken
  before still opens them with the current key. Every run says so at ERROR level, naming
  the rounds and `bigconv keys rotate`, until a rotation retires that key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.commands.key_rotation import Plan, master_key_env_in_use, rotate_key_file
from bot.settings import KeySettings
from storage.keys import KeyConfigError
from storage.store import Store

ACTOR = "scheduler:retention"


@dataclass(frozen=True, slots=True)
class RetentionOutcome:
    shredded: list[str]  # periods shredded by this run
    new_master_key_id: str | None = None  # set when this run rotated the key file
    backups_still_open: list[str] | None = None  # periods earlier backups still open
    key_env: str | None = None  # where the master key comes from, when not a file
    error: str | None = None  # why nothing was shredded this run


def _refuse_to_confirm(_: str) -> str:
    raise KeyConfigError("The scheduler cannot type a key back.")


def run_retention(
    store: Store, keys: KeySettings | None, *, today: date, months: int
) -> RetentionOutcome:
    env = master_key_env_in_use(keys) if keys is not None else None
    if keys is None or env is not None or keys.master_key_file is None:
        return _shred_live_only(store, env, today=today, months=months)
    due = store.expired_rounds(today=today, months=months)
    if not due and not store.shreds_backups_still_open():
        return RetentionOutcome(shredded=[])
    periods = [period for _, period in due]
    plan = Plan(None, None, tuple(round_id for round_id, _ in due), _refuse_to_confirm)
    before = store.keyring.secrets.master_key_id
    try:
        summary = rotate_key_file(keys.master_key_file, store, plan, actor=ACTOR)
    except Exception as exc:
        after = store.keyring.secrets.master_key_id
        if after != before:  # committed: shredded, and the message names the new key
            return RetentionOutcome(shredded=periods, new_master_key_id=after, error=str(exc))
        return RetentionOutcome(shredded=[], error=_why(exc, periods))
    if summary is None:  # it finished an interrupted rotation; the shred runs next time
        return RetentionOutcome(
            shredded=[],
            error=f"Finished an interrupted master key rotation: {keys.master_key_file} now "
            "holds the key the database needs. Restart the bot so it uses that key; the "
            "retention shred runs at the next retention run.",
        )
    return RetentionOutcome(shredded=periods, new_master_key_id=summary.new_master_key_id)


def _shred_live_only(
    store: Store, env: str | None, *, today: date, months: int
) -> RetentionOutcome:
    shredded = store.shred_expired(today=today, months=months)
    return RetentionOutcome(
        shredded=shredded,
        backups_still_open=store.shreds_backups_still_open(),
        key_env=env or "the master key setting",
    )


def _why(exc: Exception, periods: list[str]) -> str:
    rounds = ", ".join(periods) or "earlier shreds"
    return (
        f"The retention shred of {rounds} did not run, so those answers can still be read: "
        f"{exc} Nothing was changed; it is tried again at the next retention run."
    )


def backups_warning(periods: list[str], key_env: str) -> str:
    """What an operator must do when shreds have not reached the backups yet."""
    return (
        f"Backups taken before the retention shred of {', '.join(periods)} can still read "
        f"those rounds with the current master key, which comes from {key_env} and so cannot "
        "be replaced by the bot. Run `bigconv keys rotate` now (it shows the new key once; "
        f"then set {key_env} to it and restart the bot), then take a new backup."
    )


def status_warning(store: Store, keys: KeySettings) -> str | None:
    """For `bigconv rounds status`: shreds that earlier backups can still undo."""
    periods = store.shreds_backups_still_open()
    if not periods:
        return None
    env = master_key_env_in_use(keys)
    if env is not None:
        return backups_warning(periods, env)
    return (
        f"Backups taken before the retention shred of {', '.join(periods)} can still read "
        "those rounds with the current master key. The next retention run (03:30) replaces "
        "the key file; or run `bigconv keys rotate` now, then take a new backup."
    )
