"""page map and attachments

Where each character of a PDF's text sits on its page (``page_map``), and
which sources came attached to another one (``source_attachment``).

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_map",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_page_map_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_page_map")),
    )
    op.create_table(
        "source_attachment",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["source.id"],
            name=op.f("fk_source_attachment_parent_id_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_source_attachment_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_source_attachment")),
    )
    op.create_index(
        op.f("ix_source_attachment_parent_id"), "source_attachment", ["parent_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_source_attachment_parent_id"), table_name="source_attachment")
    op.drop_table("source_attachment")
    op.drop_table("page_map")
