"""Alembic environment: always run with a live connection handed in by casefile."""

from __future__ import annotations

from alembic import context

from casefile.storage.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("casefile migrations run only through casefile.storage.migrations")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
