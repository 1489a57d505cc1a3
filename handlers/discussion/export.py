"""`export_replies`: a prompt's anonymous replies for the EDI team, as CSV or XLSX.

Released only when at least k replies would be in the file (docs/privacy.md: free text only
with at least k replies), with the month and nothing finer, in random order, without
withdrawn or declined replies. Every export and every refusal is audited.
"""

from __future__ import annotations

import random
from enum import StrEnum

from discussion.model import ReplyStatus
from discussion.refusals import RefusalReason
from handlers.count_release import export_figure, release_count
from handlers.discussion.access import refuse
from handlers.discussion.export_files import Row, csv_bytes, xlsx_bytes
from handlers.identity import Requester, Role
from handlers.messages import Refusal
from storage.errors import ShreddedKey
from storage.prompt_store import AuditNote, Prompts
from storage.repositories.prompts import UnknownPrompt
from storage.store import Releases

RELEASED = (ReplyStatus.PENDING, ReplyStatus.APPROVED, ReplyStatus.RELAYED)
ACTION = "export replies"
EDI_ONLY = (
    "Exports of Big Conversation replies are available to the EDI team only. If you need "
    "one, ask your EDI lead or an admin to add you to the edi role."
)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def too_few(k: int) -> str:
    return (
        f"This prompt has fewer than {k} replies that could be released, so they cannot be "
        f"exported yet: with fewer than {k}, a reply could point to the person who wrote it. "
        "Try again when more colleagues have replied."
    )


def export_filename(prompt_id: str, fmt: ExportFormat) -> str:
    return f"big-conversation-{prompt_id[:8]}-replies.{fmt.value}"


def export_replies(
    prompts: Prompts,
    *,
    requester: Requester,
    prompt_id: str,
    k: int,
    fmt: ExportFormat = ExportFormat.CSV,
    releases: Releases | None = None,
) -> bytes | Refusal:
    """The file's bytes, or a refusal saying why (role, unknown prompt, fewer than k).

    With `releases`, the export's reply count goes through the release auditor and the
    export is recorded in the release history."""
    if not requester.has(Role.EDI):
        return refuse(prompts, requester, ACTION, EDI_ONLY, prompt_id, why=RefusalReason.EDI_ONLY)
    try:
        info = prompts.get(prompt_id)
        replies = prompts.replies(prompt_id, RELEASED)
    except UnknownPrompt as exc:
        why = RefusalReason.UNKNOWN_PROMPT
        return refuse(prompts, requester, ACTION, str(exc), prompt_id, why=why)
    except ShreddedKey as exc:
        why = RefusalReason.REPLIES_ERASED
        return refuse(prompts, requester, ACTION, str(exc), prompt_id, why=why)
    few = too_few(k)
    if len(replies) < k:
        return refuse(prompts, requester, ACTION, few, prompt_id, why=RefusalReason.TOO_FEW_REPLIES)
    f = info.fields
    if releases is not None:
        figure, counts = export_figure(prompt_id, f.title, len(replies))
        decision = release_count(
            releases, actor=requester.person.actor, role=Role.EDI.value, form=f"export {fmt.value}",
            label=f"export of replies to {f.title}", figure=figure, counts=counts, k=k,
        )  # fmt: skip
        if not decision.released:
            return refuse(
                prompts, requester, ACTION, few, prompt_id, why=RefusalReason.TOO_FEW_REPLIES
            )
    rows: list[Row] = [(f.title, r.month, f.reply_mode, r.status, r.text) for r in replies]
    random.SystemRandom().shuffle(rows)  # no order to read anything into
    content = csv_bytes(rows) if fmt is ExportFormat.CSV else xlsx_bytes(rows, title=f.title)
    details = {"prompt": prompt_id, "network": f.network, "format": fmt.value, "k": k}
    prompts.audit(
        AuditNote(requester.person.actor, "replies exported", {**details, "rows": len(rows)})
    )
    return content
