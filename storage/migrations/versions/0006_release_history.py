"""The release history: every figure ever released, hash-chained, replacing `releases`.

The old `releases` table kept the n of each cell per report, keyed by months. Its rows
are converted, not dropped: each becomes one release whose single scope pools the closed
rounds present in those months today, and whose figures are the cells it recorded. They
are chained with the audit key, which `Store.migrate` (and so `bigconv db migrate`)
hands to the migration; run without it (bare `alembic upgrade`) on a database that has
old releases, the migration stops rather than leave an unkeyed history.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.audit_chain import AuditEntry, chain_entry

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create() -> None:
    op.create_table(
        "release_history",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor_role", sa.String(64), nullable=False),
        sa.Column("form", sa.String(64), nullable=False),
        sa.Column("label", sa.String(128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(128), nullable=False),
        sa.Column("entry_hash", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_release_history")),
        sa.UniqueConstraint("id", name=op.f("uq_release_history_id")),
    )


def _moment(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _convert(bind: sa.Connection, key: bytes | None) -> None:
    rounds = bind.execute(sa.text("SELECT id, period FROM rounds WHERE status = 'closed'")).all()
    old = bind.execute(
        sa.text("SELECT period, months, staff_group, cells, created_at FROM releases")
    ).all()
    table = sa.table(
        "release_history",
        *(sa.column(c) for c in ("seq", "id", "at", "actor_role", "form", "label", "body")),
        sa.column("prev_hash"),
        sa.column("entry_hash"),
    )
    if old and key is None:
        raise RuntimeError(
            "Converting the old release records needs the keys: run `bigconv db migrate`."
        )
    prev: AuditEntry | None = None
    for period, months, _staff, cells, created_at in sorted(old, key=lambda r: _moment(r[4])):
        months = json.loads(months) if isinstance(months, str) else months
        cells = json.loads(cells) if isinstance(cells, str) else cells
        batches = sorted(rid for rid, month in rounds if month in set(months))
        figures = sorted([0, *key.split("|")] for key in cells)
        body = {
            "id": str(uuid.uuid4()),
            "label": period,
            "scopes": [{"label": period, "batches": batches}],
            "figures": figures,
            "suppressed": {},
        }
        entry = chain_entry(
            prev, at=_moment(created_at), actor="edi", action="report", details=body, key=key
        )
        bind.execute(
            table.insert().values(
                seq=entry.seq, id=body["id"], at=entry.at, actor_role="edi", form="report",
                label=period, body=entry.details,
                prev_hash=entry.prev_hash, entry_hash=entry.entry_hash,
            )  # fmt: skip
        )
        prev = entry


def upgrade() -> None:
    _create()
    config = op.get_context().config
    _convert(op.get_bind(), config.attributes.get("chain_key") if config else None)
    op.drop_table("releases")


def downgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("months", sa.JSON(), nullable=False),
        sa.Column("staff_group", sa.String(32), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
    )
    op.drop_table("release_history")
