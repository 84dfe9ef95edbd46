"""Opening and creating case files: pragmas, sanity checks, schema version.

A new file is created with ``create_all`` and stamped at Alembic's head. An
older file is copied to ``<name>.bak-<revision>`` and then upgraded. A file
written by a newer Casefile is refused, never touched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from casefile.domain.errors import CaseFileOpenError
from casefile.storage import migrations
from casefile.storage.schema import Base

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Python's sqlite3 opens transactions implicitly and late; let SQLAlchemy
    # issue BEGIN itself so that every operation is exactly one transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA trusted_schema=OFF")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _check_header(path: Path) -> None:
    if not path.exists():
        raise CaseFileOpenError(f"{path}: no such case file")
    if path.is_dir():
        raise CaseFileOpenError(f"{path}: is a folder, not a case file")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise CaseFileOpenError(f"{path}: not a Casefile case file (it is not an SQLite database)")


def _quick_check(path: Path) -> None:
    """Check a file from elsewhere read-only, before anything may write to it."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise CaseFileOpenError(f"{path}: cannot be opened ({error})") from error
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.Error as error:  # "file is not a database", "malformed", ...
        raise CaseFileOpenError(f"{path}: the case file is damaged ({error})") from error
    finally:
        connection.close()
    if result != "ok":
        raise CaseFileOpenError(f"{path}: the case file is damaged ({result})")
    if "source" not in tables or "alembic_version" not in tables:
        raise CaseFileOpenError(f"{path}: an SQLite database, but not a Casefile case file")


def create_case_file(path: Path) -> Engine:
    """Create a new, empty case file at ``path`` (which must not exist)."""
    if path.exists():
        raise CaseFileOpenError(f"{path}: already exists; choose another name")
    if not path.parent.is_dir():
        raise CaseFileOpenError(f"{path}: the folder {path.parent} does not exist")
    engine = make_engine(path)
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            migrations.stamp_head(connection)
    except Exception:
        engine.dispose()
        path.unlink(missing_ok=True)
        raise
    return engine


def open_case_file(path: Path) -> Engine:
    """Open an existing case file, upgrading it (after a backup) if it is older."""
    _check_header(path)
    _quick_check(path)
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            current = migrations.current_revision(connection)
        head = migrations.head_revision()
        if current == head:
            return engine
        if current is None or not migrations.is_known(current):
            raise CaseFileOpenError(
                f"{path}: written by a newer version of Casefile (schema {current}); "
                "update Casefile to open it"
            )
        engine.dispose()
        backup_before_upgrade(path, current)
        with engine.begin() as connection:
            migrations.upgrade(connection)
        return engine
    except Exception:
        engine.dispose()
        raise


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy the case file before an automatic upgrade; returns the backup's path."""
    backup = path.with_name(f"{path.name}.bak-{revision}")
    copy_case_file(path, backup)
    return backup


def copy_case_file(path: Path, destination: Path) -> None:
    """A consistent copy of a case file, even while it is open (SQLite backup API)."""
    source = sqlite3.connect(path)
    try:
        target = sqlite3.connect(destination)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
