"""stable ids: AUTOINCREMENT keys, the operations journal, application_id, case id

Revision ID: 0002
Revises: 0001

Every table with an integer key is rebuilt with AUTOINCREMENT so that an id is
never given twice (an undo must never touch a row another writer created). The
runner (``casefile.storage.migrations.upgrade``) turns foreign keys off while
tables are rebuilt and runs ``PRAGMA foreign_key_check`` before committing.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from casefile.storage.fileformat import APPLICATION_ID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Parents before children, so that each rebuilt table's references stay valid.
INTEGER_KEYED = ("source", "text_block", "excerpt", "tag", "record_type", "record")


def _rebuild(table: str, autoincrement: bool) -> None:
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    for table in INTEGER_KEYED:
        _rebuild(table, autoincrement=True)
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("forward", sa.JSON(), nullable=True),
        sa.Column("inverse", sa.JSON(), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("holds_deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal")),
        sqlite_autoincrement=True,
    )
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    case_info = sa.table("case_info", sa.column("key", sa.String), sa.column("value", sa.Text))
    connection = op.get_bind()
    found = connection.execute(sa.select(case_info.c.key).where(case_info.c.key == "case_id"))
    if found.first() is None:
        op.bulk_insert(case_info, [{"key": "case_id", "value": str(uuid.uuid4())}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM case_info WHERE key = 'case_id'"))
    op.drop_table("journal")
    for table in reversed(INTEGER_KEYED):
        _rebuild(table, autoincrement=False)
    op.execute("PRAGMA application_id = 0")
