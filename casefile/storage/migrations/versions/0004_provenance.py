"""provenance of citation fields, stable exhibits, fact dates and status, disputed issues

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"  # re-chained here after merging import (lead re-chains on main)
branch_labels = None
depends_on = None

ISSUE_FIELDS = [
    {"key": "question", "label": "Question", "kind": "longtext"},
    {"key": "position", "label": "Our position", "kind": "longtext"},
]


def upgrade() -> None:
    op.create_table(
        "source_field",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_source_field_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "field", name=op.f("pk_source_field")),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exhibit", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("excerpt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fact_date", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("fact_status", sa.String(length=16), server_default="", nullable=False)
        )
    bind = op.get_bind()
    # exhibits in import order, as every earlier export numbered them
    bind.execute(
        sa.text("UPDATE source SET exhibit = (SELECT COUNT(*) FROM source s2 WHERE s2.id <= source.id)")
    )
    # what importers read from file properties is marked as such, never printed unconfirmed
    for field in ("author", "published", "title", "language"):
        bind.execute(
            sa.text(
                f"INSERT INTO source_field (source_id, field, origin) SELECT id, '{field}', 'file' "
                f"FROM source WHERE kind IN ('pdf', 'docx') AND {field} != ''"
            )
        )
    exists = bind.execute(sa.text("SELECT 1 FROM record_type WHERE key = 'issue'")).first()
    if not exists:
        bind.execute(
            sa.text(
                "INSERT INTO record_type (key, name, fields, builtin) "
                "VALUES ('issue', 'Disputed issue', :fields, 1)"
            ),
            {"fields": json.dumps(ISSUE_FIELDS)},
        )


def downgrade() -> None:
    with op.batch_alter_table("excerpt", schema=None) as batch_op:
        batch_op.drop_column("fact_status")
        batch_op.drop_column("fact_date")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("exhibit")
    op.drop_table("source_field")
