"""Opening and creating case files: pragmas, sanity checks, schema version.

A file is first looked at without SQLite (its header and ``application_id``),
then through a read-only, immutable connection (integrity, tables, schema
revision) that cannot create a ``-wal`` or ``-shm`` file or change a byte.
Only a file that passes is opened for writing. A new file is created with
``create_all`` and stamped at Alembic's head. An older file is copied to
``<name>.bak-<revision>`` and then upgraded with foreign keys off and a
``foreign_key_check`` before commit. A read-only file or folder is opened
read-only (see :func:`engine_is_read_only`).

Every write transaction starts with ``BEGIN IMMEDIATE`` (it waits out the busy
timeout for another writer instead of failing on a read-to-write upgrade);
reads use a deferred ``BEGIN``. Commits are durable (``synchronous=FULL``) and
deleted content is overwritten (``secure_delete=ON``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from casefile.domain.errors import CasefileError, CaseFileOpenError
from casefile.storage import migrations
from casefile.storage.failures import storage_failure
from casefile.storage.fileformat import APPLICATION_ID, read_header
from casefile.storage.schema import Base

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "casefile_write"
READ_ONLY_OPTION = "casefile_read_only"
CASEFILE_TABLES = {"source", "excerpt", "alembic_version"}


def _uri(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    uri = path.resolve().as_uri()
    if read_only:
        uri += "?mode=ro" + ("&immutable=1" if immutable else "")
    return uri


def _connect_hook(read_only: bool) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Python's sqlite3 opens transactions implicitly and late; let SQLAlchemy
        # issue BEGIN itself so that every operation is exactly one transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA trusted_schema=OFF")
        cursor.execute("PRAGMA secure_delete=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return on_connect


def _on_begin(connection: Any) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine on ``path``; ``read_only`` engines can never write a byte."""
    uri = _uri(path, read_only=read_only, immutable=immutable)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    engine = create_engine(
        "sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=2, max_overflow=4
    )
    event.listen(engine, "connect", _connect_hook(read_only))
    event.listen(engine, "begin", _on_begin)
    return engine.execution_options(**{READ_ONLY_OPTION: read_only})


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions begin IMMEDIATE (for operations)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def engine_is_read_only(engine: Engine) -> bool:
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION, False))


def is_writable(path: Path) -> bool:
    """Whether the file and its folder may be written (and are not marked read-only).

    The owner's write bit counts even for root, who may write anything: a case
    the user marked read-only (``chmod 444``) is opened read-only.
    """
    folder = path.parent
    for item in (path, folder):
        try:
            mode = item.stat().st_mode
        except OSError:
            return False
        if not os.access(item, os.W_OK) or not mode & stat.S_IWUSR:
            return False
    return True


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise CaseFileOpenError(f"{path}: no such case file")
    if path.is_dir():
        raise CaseFileOpenError(f"{path}: is a folder, not a case file")
    try:
        header = read_header(path)
    except OSError as error:
        raise CaseFileOpenError(f"{path}: cannot be read ({error.strerror})") from None
    if not header.is_sqlite:
        raise CaseFileOpenError(f"{path}: not a Casefile case file (it is not an SQLite database)")
    if header.application_id not in (0, APPLICATION_ID):
        raise CaseFileOpenError(
            f"{path}: an SQLite database of another application, not a Casefile case file"
        )


def inspect_file(path: Path) -> str:
    """Check a file read-only, without creating anything beside it; its schema revision.

    With no ``-wal`` beside it nobody is writing it, so it is opened immutable
    (no locks, no ``-shm``); otherwise read-only, to see another writer's commits.
    """
    _check_file(path)
    immutable = not wal_path(path).exists()
    try:
        connection = sqlite3.connect(_uri(path, read_only=True, immutable=immutable), uri=True)
    except sqlite3.Error as error:
        raise CaseFileOpenError(f"{path}: cannot be opened ({error})") from None
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision: str | None = None
        if "alembic_version" in tables:
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(found[0]) if found else None
    except sqlite3.Error as error:  # "file is not a database", "malformed", ...
        raise CaseFileOpenError(f"{path}: the case file is damaged ({error})") from None
    finally:
        connection.close()
    if result != "ok":
        first = str(result).splitlines()[0]
        raise CaseFileOpenError(f"{path}: the case file is damaged ({first})")
    if not tables >= CASEFILE_TABLES:
        raise CaseFileOpenError(f"{path}: an SQLite database, but not a Casefile case file")
    if revision is None or not migrations.is_known(revision):
        raise CaseFileOpenError(
            f"{path}: written by a newer version of Casefile (schema {revision}); "
            "update Casefile to open it"
        )
    return revision


def create_case_file(path: Path) -> Engine:
    """Create a new, empty case file at ``path`` (which must not exist)."""
    if path.exists():
        raise CaseFileOpenError(f"{path}: already exists; choose another name")
    if not path.parent.is_dir():
        raise CaseFileOpenError(f"{path}: the folder {path.parent} does not exist")
    engine = make_engine(path)
    try:
        Base.metadata.create_all(engine)
        with writer(engine).begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            migrations.stamp_head(connection)
    except Exception as error:
        engine.dispose()
        for leftover in (path, wal_path(path), shm_path(path)):
            leftover.unlink(missing_ok=True)
        failure = storage_failure(error, path)
        if failure is not None:
            raise CaseFileOpenError(f"{path}: cannot be created ({failure})") from None
        raise
    return engine


def open_case_file(path: Path, *, read_only: bool = False) -> Engine:
    """Open an existing case file, upgrading it (after a backup) if it is older.

    A file that cannot be written (or ``read_only=True``) gets a read-only engine.
    """
    revision = inspect_file(path)
    head = migrations.head_revision()
    if not read_only and not is_writable(path):
        read_only = True
    if read_only:
        if revision != head:
            raise CaseFileOpenError(
                f"{path}: made by an older Casefile and must be upgraded, but it is read-only; "
                "copy it to a folder you can write to"
            )
        immutable = not wal_path(path).exists()
        return make_engine(path, read_only=True, immutable=immutable)
    engine = make_engine(path)
    try:
        if revision != head:
            backup_before_upgrade(path, revision)
            migrate(engine, path)
        with engine.connect() as connection:  # the first connection switches to WAL
            connection.exec_driver_sql("SELECT 1").close()
        return engine
    except (DBAPIError, OSError) as error:
        engine.dispose()
        failure = storage_failure(error, path)
        raise CaseFileOpenError(str(failure or f"{path}: cannot be opened ({error})")) from None
    except Exception:
        engine.dispose()
        raise


def migrate(engine: Engine, path: Path) -> None:
    """Upgrade to head in one transaction, foreign keys off, checked before commit.

    SQLite alters a table by rebuilding it (copy, drop, rename): with foreign
    keys on, dropping the old table would delete every row that refers to it.
    """
    with writer(engine).connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
        try:
            with connection.begin():
                migrations.upgrade(connection)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise CaseFileOpenError(
                        f"{path}: the upgrade would leave {len(problems)} broken reference(s) "
                        f"(first in table {problems[0][0]}); the case file was left as it was"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy the case file before an automatic upgrade; returns the backup's path."""
    backup = path.with_name(f"{path.name}.bak-{revision}")
    copy_case_file(path, backup)
    return backup


def copy_case_file(path: Path, destination: Path) -> None:
    """A consistent single-file copy of a case file, even while it is open elsewhere.

    SQLite's backup API copies a snapshot; the copy is switched out of WAL mode
    so that it is one file, and synced to disk before this returns.
    """
    if is_writable(path):
        # A normal connection takes part in WAL locking (a checkpoint cannot run under
        # the copy) and, if it is the last one, folds and removes the -wal on close.
        source = sqlite3.connect(_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        immutable = not wal_path(path).exists()
        source = sqlite3.connect(_uri(path, read_only=True, immutable=immutable), uri=True)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except sqlite3.Error as error:
        destination.unlink(missing_ok=True)
        failure = storage_failure(error, destination)
        raise failure or CasefileError(f"{destination}: cannot be written ({error})") from None
    finally:
        source.close()
    with destination.open("rb+") as handle:
        os.fsync(handle.fileno())


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the file (and truncate it) so the closed case is one file."""
    if engine_is_read_only(engine):
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
