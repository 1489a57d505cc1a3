"""One contract, two wings: every discussion use case seen from Slack and from Teams
must give the same neutral outcome: the same reply relayed once (after a passing
failure), the same reference shape stored, the digest sent through the channel port,
the same refusals for the same reasons, and the same audit actions."""

from __future__ import annotations

import pytest

from handlers.delivery.retrying import WHILE_WAITING
from handlers.discussion.access import NOT_A_CHAIR
from handlers.discussion.manage import NOT_EDITABLE
from handlers.discussion.relay import RELAYED
from tests.contract.drivers import Driver, audit_actions, audit_details, relayed_to
from tests.teams.conftest import NOT_APP_KEY

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
TEXT = "Nobody asked me how the rota felt."


async def test_an_approved_reply_is_relayed_once_after_a_passing_failure(driver: Driver) -> None:
    await driver.compose_and_post()
    await driver.reply(TEXT)
    fault = driver.fail_thread_posts(times=1)  # a 503: tried again under the one policy
    shown = await driver.approve_first()
    assert fault.used == 1 and RELAYED in shown
    assert driver.thread_texts() == [f"A colleague said: {TEXT}"]
    [landed] = relayed_to(driver.store).posts  # one shape on both platforms
    assert landed and all(isinstance(v, str) for v in landed.values())
    actions = audit_actions(driver.store)
    # The queue shown again after the approval is a second "replies viewed".
    assert actions == ["prompt composed", "replies viewed", "reply approved", "replies viewed"]


async def test_a_relay_that_keeps_failing_leaves_the_reply_approved(driver: Driver) -> None:
    await driver.compose_and_post()
    await driver.reply(TEXT)
    fault = driver.fail_thread_posts(times=10)
    shown = await driver.approve_first()
    assert fault.used == WHILE_WAITING.max_attempts  # then the chair is told, not kept waiting
    assert "could not be posted in 1 of 1 threads" in shown
    assert driver.thread_texts() == []
    assert relayed_to(driver.store).posts == ()
    assert driver.store.prompts.counts(driver.store.prompts.list_prompts()[0].id) == {"approved": 1}


async def test_the_weekly_digest_goes_through_the_channel_port(driver: Driver) -> None:
    await driver.compose_and_post()
    await driver.reply(TEXT)
    before = len(driver.digest_texts())
    assert await driver.send_digests() == 1  # the one chair of the one network with a prompt
    [digest] = driver.digest_texts()[before:]
    assert "This week's Big Conversation digest for the" in digest
    assert "1 waiting for you" in digest and TEXT not in digest


async def test_someone_who_chairs_no_network_is_refused(driver: Driver) -> None:
    shown = await driver.say("staff", "new")
    assert NOT_A_CHAIR[:40] in shown
    assert driver.compose_forms_shown() == 0
    assert audit_actions(driver.store) == ["compose prompt refused"]


async def test_a_posted_prompt_is_refused_before_any_form_is_shown(driver: Driver) -> None:
    pid = await driver.compose_and_post()
    forms = driver.compose_forms_shown()
    shown = await driver.say("chair", f"edit {pid}")
    assert NOT_EDITABLE in shown
    assert driver.compose_forms_shown() == forms, "no form is offered only to be refused"
    assert audit_actions(driver.store)[-1] == "edit prompt refused"
    [refused] = audit_details(driver.store, "edit prompt refused")
    assert refused["prompt"] == pid


async def test_an_unknown_prompt_id_is_refused(driver: Driver) -> None:
    await driver.compose_and_post()
    shown = await driver.say("chair", "pause 00000000-0000-0000-0000-000000000000")
    assert "There is no Big Conversation prompt with id" in shown
    assert audit_actions(driver.store)[-1] == "pause prompt refused"


async def test_a_chair_of_another_network_is_refused(driver: Driver) -> None:
    pid = await driver.compose_and_post()
    shown = await driver.say("other chair", f"pause {pid}")
    assert "not a chair of the" in shown
    assert audit_actions(driver.store)[-1] == "pause prompt refused"
