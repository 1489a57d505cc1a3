"""Failures of the storage layer that a caller can act on, each with a readable message."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: a storage failure whose message can be shown to the person as it is."""


class UnknownRound(StorageError):
    def __init__(self, round_id: str) -> None:
        super().__init__(f"There is no pulse round with id {round_id}.")
        self.round_id = round_id


class RoundClosed(StorageError):
    def __init__(self, round_id: str) -> None:
        super().__init__(f"The pulse round {round_id} is closed; answers are no longer taken.")
        self.round_id = round_id


class RoundAlreadyClosed(StorageError):
    def __init__(self, round_id: str) -> None:
        super().__init__(
            f"The pulse round {round_id} is already closed; its answers were moved into the "
            "report when it closed, so there is nothing more to do."
        )
        self.round_id = round_id


class CloseSuperseded(StorageError):
    def __init__(self, round_id: str) -> None:
        super().__init__(
            f"Another close of pulse round {round_id} took over from this one (on this host or "
            "another), so this one stopped and wrote nothing more; that close finishes it."
        )
        self.round_id = round_id


class RoundStillOpen(StorageError):
    def __init__(self, round_id: str) -> None:
        super().__init__(
            f"The pulse round {round_id} is still open (or its close is not finished), so it "
            "cannot be shredded: close it first (`bigconv rounds close`). Nothing was changed."
        )
        self.round_id = round_id


class AlreadySubmitted(StorageError):
    """The participation token exists: this person has already answered this round."""

    def __init__(self) -> None:
        super().__init__("You have already taken part in this round.")


class MasterKeyReplaced(StorageError):
    """This process holds a master key that a rotation has since retired."""

    def __init__(self) -> None:
        super().__init__(
            "The master key was replaced (by `bigconv keys rotate` or a retention run) and "
            "this process still holds the old one, so nothing was saved. Restart the bot "
            "(or run the command again) so it loads the new key, then try again."
        )


class ShreddedKey(StorageError):
    """The data key was destroyed (retention or an explicit shred): its data is gone."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"The data key {key_id} was destroyed under the retention policy, so the answers "
            "it protected can no longer be read by anyone."
        )
        self.key_id = key_id


class UnknownKey(StorageError):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"There is no data key {key_id} in this database.")
        self.key_id = key_id


class RotationFailed(StorageError):
    """Key rotation was abandoned before committing; every data key is still as it was."""


class UnknownStaff(StorageError):
    def __init__(self) -> None:
        super().__init__("This person is not on the delivery roster.")
