"""The EDI export: refused below k, released at k with months only, no author, random
order, no withdrawn or declined replies, formulas defused; audited. And the digest."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from handlers.discussion import (
    ExportFormat,
    approve,
    decline,
    digests,
    export_replies,
    weekly_digests,
)
from handlers.discussion.cards import Digest
from handlers.identity import Requester
from handlers.messages import Refusal
from storage.db import Database
from storage.prompt_store import Prompts
from storage.store import Store
from storage.vault import Vault
from tests.discussion.conftest import (
    admin,
    audit_log,
    chair,
    edi,
    posted_prompt,
    reply,
    staff,
)

K = 5


def _replies(prompts: Prompts, prompt_id: str, count: int, start: int = 0) -> list[str]:
    return [
        reply(prompts, prompt_id, f"view {i:02d}", author=f"U0AUTHOR{i}", allow=True).queue_id
        for i in range(start, start + count)
    ]


def _export(prompts: Prompts, prompt_id: str) -> bytes:
    content = export_replies(prompts, requester=edi(), prompt_id=prompt_id, k=K)
    assert isinstance(content, bytes), content
    return content


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_refused_below_k_with_a_clear_message(prompts: Prompts, database: Database) -> None:
    prompt_id = posted_prompt(prompts)
    ids = _replies(prompts, prompt_id, K)
    decline(prompts, requester=chair(), queue_id=ids[0])  # declined ones do not count
    result = export_replies(prompts, requester=edi(), prompt_id=prompt_id, k=K)
    assert isinstance(result, Refusal)
    assert f"fewer than {K} replies" in result.text and "Try again" in result.text
    last = audit_log(database)[-1]
    assert last.action == "export replies refused" and prompt_id in last.details


@pytest.mark.parametrize("requester", [chair(), staff()], ids=["chair", "staff"])
def test_only_the_edi_team_and_admins_export(prompts: Prompts, requester: Requester) -> None:
    prompt_id = posted_prompt(prompts)
    _replies(prompts, prompt_id, K)
    result = export_replies(prompts, requester=requester, prompt_id=prompt_id, k=K)
    assert isinstance(result, Refusal) and "EDI team only" in result.text
    assert isinstance(export_replies(prompts, requester=admin(), prompt_id=prompt_id, k=K), bytes)


def test_released_at_k_months_only_no_author_random_order(
    prompts: Prompts, database: Database
) -> None:
    prompt_id = posted_prompt(prompts)
    ids = _replies(prompts, prompt_id, K + 3)
    approve(prompts, requester=chair(), queue_id=ids[0])
    decline(prompts, requester=chair(), queue_id=ids[1])
    withdrawn = reply(prompts, prompt_id, "never mind")
    prompts.withdraw(withdrawn.withdraw_code)
    content = export_replies(prompts, requester=edi(), prompt_id=prompt_id, k=K + 2)
    assert isinstance(content, bytes)
    rows = _csv(content)
    assert list(rows[0]) == ["prompt", "month", "reply_mode", "status", "text"]
    assert len(rows) == K + 2 and {r["month"] for r in rows} == {"2026-06"}
    assert {r["status"] for r in rows} == {"pending", "approved"}
    assert "view 01" not in content.decode() and "never mind" not in content.decode()
    for secret in ("U0AUTHOR", *ids):
        assert secret not in content.decode()
    orders = {tuple(r["text"] for r in _csv(_export(prompts, prompt_id))) for _ in range(8)}
    assert len(orders) > 1  # shuffled each time
    exported = [e for e in audit_log(database) if e.action == "replies exported"]
    assert len(exported) == 9 and '"rows":7' in exported[0].details.replace(" ", "")


def test_xlsx_carries_no_time_finer_than_the_month(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    _replies(prompts, prompt_id, K - 1)
    reply(prompts, prompt_id, '=HYPERLINK("http://evil")')
    content = export_replies(
        prompts, requester=edi(), prompt_id=prompt_id, k=K, fmt=ExportFormat.XLSX
    )
    assert isinstance(content, bytes)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("prompt", "month", "reply_mode", "status", "text")
    assert len(values) == K + 1 and {v[1] for v in values[1:]} == {"2026-06"}
    assert '\'=HYPERLINK("http://evil")' in {v[4] for v in values[1:]}  # not a formula
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 6, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-06-01T00:00:00Z" in core and core.count("T00:00:00Z") == 2


def test_the_digest_counts_replies_approved_and_pending(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    ids = _replies(prompts, prompt_id, 4)
    approve(prompts, requester=chair(), queue_id=ids[0])
    decline(prompts, requester=chair(), queue_id=ids[1])
    [digest] = weekly_digests(prompts)
    assert digest == Digest(prompt_id, "bme", digest.title, 4, 1, 2, 1)
    assert "4 anonymous replies so far; 1 approved, 2 waiting for you" in digest.text
    assert weekly_digests(prompts, network="international") == ()
    assert digests(prompts, requester=chair("bme")) == (digest,)
    assert digests(prompts, requester=chair("international")) == ()
    assert isinstance(digests(prompts, requester=staff()), Refusal)


def test_an_export_is_recorded_in_the_release_history(
    prompts: Prompts, database: Database, vault: Vault
) -> None:
    store = Store(database, vault)
    prompt_id = posted_prompt(prompts)
    _replies(prompts, prompt_id, K - 1)
    refused = export_replies(
        prompts, requester=edi(), prompt_id=prompt_id, k=K, releases=store.releases
    )
    assert isinstance(refused, Refusal) and store.releases.stored() == []
    _replies(prompts, prompt_id, 1, start=K - 1)
    content = export_replies(
        prompts, requester=edi(), prompt_id=prompt_id, k=K, releases=store.releases
    )
    assert isinstance(content, bytes)
    [release] = store.releases.stored()
    assert release.form == "export csv" and release.actor_role == "edi"
    assert release.label.startswith("export of replies to")
