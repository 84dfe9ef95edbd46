"""case-wide search, source versions, re-anchoring, duplicate digests

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25 15:30:00

Builds the full-text index for the sources, notes and records already in the
case file. The index statements are written out here (not imported), so
that this migration keeps meaning what it meant; a test checks that it gives
what ``create_all`` gives.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"
INDEX = (
    f"CREATE VIRTUAL TABLE search_source USING fts5(body, content='', {TOKENIZE})",
    f"CREATE VIRTUAL TABLE search_note USING fts5(body, content='', {TOKENIZE})",
    f"CREATE VIRTUAL TABLE search_record USING fts5(body, content='', {TOKENIZE})",
    "CREATE TRIGGER search_text_ai AFTER INSERT ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('source', new.source_id); END",
    "CREATE TRIGGER search_text_au AFTER UPDATE OF text ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('source', old.source_id, old.text); END",
    "CREATE TRIGGER search_text_ad AFTER DELETE ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('source', old.source_id, old.text); END",
    "CREATE TRIGGER search_note_ai AFTER INSERT ON excerpt WHEN new.note <> '' BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('note', new.id); END",
    "CREATE TRIGGER search_note_au AFTER UPDATE OF note ON excerpt BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('note', old.id, old.note); END",
    "CREATE TRIGGER search_note_ad AFTER DELETE ON excerpt WHEN old.note <> '' BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('note', old.id, old.note); END",
    "CREATE TRIGGER search_record_ai AFTER INSERT ON record BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('record', new.id); END",
    "CREATE TRIGGER search_record_au AFTER UPDATE OF title, note, fields ON record BEGIN "
    "INSERT INTO search_pending(kind, item, old1, old2, old3) "
    "VALUES ('record', old.id, old.title, old.note, old.fields); END",
    "CREATE TRIGGER search_record_ad AFTER DELETE ON record BEGIN "
    "INSERT INTO search_pending(kind, item, old1, old2, old3) "
    "VALUES ('record', old.id, old.title, old.note, old.fields); END",
)


def upgrade() -> None:
    op.create_table(
        "search_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("old1", sa.Text(), nullable=True),
        sa.Column("old2", sa.Text(), nullable=True),
        sa.Column("old3", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_pending")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "source_digest",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"],
            name=op.f("fk_source_digest_source_id_source"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_source_digest")),
    )  # fmt: skip
    op.create_index(op.f("ix_source_digest_digest"), "source_digest", ["digest"], unique=False)
    op.create_table(
        "source_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("replaced_at", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"],
            name=op.f("fk_source_version_source_id_source"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_version")),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index(
        op.f("ix_source_version_source_id"), "source_version", ["source_id"], unique=False
    )
    op.create_table(
        "excerpt_reanchor",
        sa.Column("excerpt_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("old_start", sa.Integer(), nullable=False),
        sa.Column("old_end", sa.Integer(), nullable=False),
        sa.Column("old_exact", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["excerpt_id"], ["excerpt.id"],
            name=op.f("fk_excerpt_reanchor_excerpt_id_excerpt"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["source_version.id"],
            name=op.f("fk_excerpt_reanchor_version_id_source_version"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("excerpt_id", name=op.f("pk_excerpt_reanchor")),
    )  # fmt: skip
    for statement in INDEX:
        op.execute(statement)
    # index what the case file already holds
    op.execute("INSERT INTO search_pending(kind, item) SELECT 'source', source_id FROM source_text")
    op.execute("INSERT INTO search_pending(kind, item) SELECT 'note', id FROM excerpt WHERE note <> ''")
    op.execute("INSERT INTO search_pending(kind, item) SELECT 'record', id FROM record")
    from casefile.storage.search_index import sync  # applying the queue is code, not schema

    sync(op.get_bind())


def downgrade() -> None:
    # the triggers first: they name search_pending, and would break any later table rebuild
    for table in ("text", "note", "record"):
        for event in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    for name in ("search_source", "search_note", "search_record"):
        op.execute(f"DROP TABLE {name}")
    op.drop_table("excerpt_reanchor")
    op.drop_index(op.f("ix_source_version_source_id"), table_name="source_version")
    op.drop_table("source_version")
    op.drop_index(op.f("ix_source_digest_digest"), table_name="source_digest")
    op.drop_table("source_digest")
    op.drop_table("search_pending")
