"""OCR: which languages recognised a source's text

Revision ID: 0006
Revises: 0003 (after merging import's page map)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0004'  # re-chained in the bundle branch: 0003 -> 0004 -> 0006 -> 0007
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('ocr', sa.String(length=64), server_default='', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_column('ocr')
