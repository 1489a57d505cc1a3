"""Invitations from the outbox through the worker and TeamsPort to the stand-in: 429
storms, 412s and 5xx delay delivery but lose nothing; a blocked or uninstalled user is
recorded ("bot blocked or uninstalled") and not tried again."""

from __future__ import annotations

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.teams.failures import BLOCKED, failure_of
from tests.teams.conftest import NOT_APP_KEY, Harness

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


async def test_everyone_installed_gets_exactly_one_invitation(harness: Harness) -> None:
    h = harness
    await h.install_all()
    round_ = h.open_round()
    await h.deliver(round_.id)
    keys = h.teams.delivered_keys()
    assert len(keys) == 5 and set(keys.values()) == {1}
    sends = h.teams.calls("send")
    assert len(sends) == 5 and all(c.status == 201 for c in sends)
    assert all(c.path.endswith("/activities") for c in sends)  # not the reply route


async def test_a_429_storm_and_502s_delay_delivery_but_lose_nothing(harness: Harness) -> None:
    h = harness
    await h.install_all()
    round_ = h.open_round()
    h.teams.storm(every=2, duration=1.5, retry_after=1, routes=("send",))
    h.teams.inject("send", status=502, times=2)
    h.teams.inject("send", status=412, times=1)
    h.teams.inject("send", status=504, times=1)
    await h.deliver(round_.id)
    stats = h.store.outbox.stats(round_.id)
    assert (stats.sent, stats.failed) == (5, 0)
    assert len(h.teams.delivered_keys()) == 5 and h.teams.duplicate_messages() == 0
    refused = [c.status for c in h.teams.calls("send") if c.status != 201]
    assert refused.count(429) >= 1 and {502, 412, 504} <= set(refused)


async def test_a_blocked_user_is_recorded_and_skipped(harness: Harness) -> None:
    h = harness
    await h.install_all()
    h.teams.block(h.user(2))
    h.teams.block(h.user(3), "BotDisabledByAdmin")
    h.teams.block(h.user(4), "BotNotInConversationRoster")  # uninstalled, unseen by us
    round_ = h.open_round()
    await h.deliver(round_.id)
    stats = h.store.outbox.stats(round_.id)
    assert (stats.sent, stats.failed) == (2, 3)
    assert stats.failure_reasons == {BLOCKED: 3}
    writes = [c for c in h.teams.calls("send") if c.status == 403]
    assert len(writes) == 3  # each tried once, never again


def _error(status: int, body: str, retry_after: str | None = None) -> aiohttp.ClientResponseError:
    headers = CIMultiDict({"Retry-After": retry_after} if retry_after else {})
    info = aiohttp.RequestInfo(URL("http://x/"), "POST", CIMultiDictProxy(CIMultiDict()))
    return aiohttp.ClientResponseError(
        info, (), status=status, message=body, headers=CIMultiDictProxy(headers)
    )


@pytest.mark.parametrize(
    ("status", "body", "permanent", "retry_after"),
    [
        (429, '{"error": {"code": "Throttled"}}', False, 7.0),
        (412, '{"error": {"code": "PreconditionFailed"}}', False, None),
        (502, '{"error": {"code": "ServiceError"}}', False, None),
        (503, "", False, None),
        (504, "", False, None),
        (403, '{"error": {"code": "ConversationBlockedByUser"}}', True, None),
        (403, '{"error": {"code": "Forbidden", "subCode": "MessageWritesBlocked"}}', True, None),
        (403, '{"error": {"code": "BotDisabledByAdmin"}}', True, None),
        (404, '{"error": {"code": "ConversationNotFound"}}', True, None),
        (400, '{"error": {"code": "BadArgument"}}', True, None),
    ],
)
def test_connector_errors_map_to_retry_or_give_up(
    status: int, body: str, permanent: bool, retry_after: float | None
) -> None:
    failure = failure_of(_error(status, body, "7" if retry_after else None))
    assert failure.permanent is permanent
    assert failure.retry_after == retry_after
    if status == 403 or status == 404:
        assert failure.reason == BLOCKED
