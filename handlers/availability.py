"""Whether a failure means the database is out of reach just now (restarting, connection
lost): the wings answer that honestly ("try again") instead of with a bare error."""

from __future__ import annotations

from storage.db import is_unavailable


def store_unavailable(error: BaseException) -> bool:
    """True if `error`, or the error that caused it, says the database is unreachable."""
    seen: BaseException | None = error
    for _ in range(5):  # a short chain: wrapped once or twice at most
        if seen is None:
            return False
        if is_unavailable(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
