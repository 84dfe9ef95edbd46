"""The open case file: runs operations, answers queries. No Qt.

Each operation runs in its own session and transaction (``BEGIN IMMEDIATE``,
waiting out another writer) and is committed at once, with its journal entry;
a crash afterwards loses nothing. Reads open short sessions too, so a ``Case``
can be shared by the GUI thread and one database worker.
"""

from __future__ import annotations

import getpass
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from casefile.domain import model as m
from casefile.domain.builtins import BUILTIN_RECORD_TYPES, BUILTIN_TAGS
from casefile.domain.errors import NotFound, ReadOnlyCase
from casefile.domain.pagemap import PageMap
from casefile.domain.text import Block
from casefile.services import journal
from casefile.services.changes import Changes
from casefile.services.journal import JournalEntry
from casefile.services.operation import Applied, Operation
from casefile.storage import engine as storage
from casefile.storage import repository as repo
from casefile.storage import schema as s
from casefile.storage.failures import storage_failure


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def session_origin() -> str:
    """Names this process's session in the journal: host/pid/token."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Case:
    # Called before a destructive operation, undo or redo runs, and after a case is
    # opened for writing: automatic backups (casefile.services.backups.install).
    before_destructive: Callable[[Case, str], None] | None = None
    after_open: Callable[[Case], object] | None = None

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.read_only = storage.engine_is_read_only(engine)
        self.origin = session_origin()
        self.author = _user()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(storage.writer(engine), expire_on_commit=False)
        self._version_lock = threading.Lock()
        self._version_connection: sqlite3.Connection | None = None

    # -- opening and closing -------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, title: str = "") -> Case:
        path = Path(path)
        engine = storage.create_case_file(path)
        case = cls(path, engine)
        with case._writing() as session:
            session.execute(
                insert(s.Tag),
                [{"name": n, "color": c, "builtin": True} for n, c in BUILTIN_TAGS],
            )
            session.execute(
                insert(s.RecordType),
                [
                    {"key": k, "name": n, "fields": [f.to_json() for f in fields], "builtin": True}
                    for k, n, fields in BUILTIN_RECORD_TYPES
                ],
            )
            session.add(s.CaseInfo(key="title", value=title or path.stem))
            session.add(s.CaseInfo(key="case_id", value=str(uuid.uuid4())))
        return case

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Case:
        """Open a case file; a file or folder that cannot be written opens read-only."""
        path = Path(path)
        case = cls(path, storage.open_case_file(path, read_only=read_only))
        if not case.read_only:
            case._erase_deleted_of_dead_sessions()
            hook = cls.after_open
            if hook is not None:
                hook(case)
        return case

    def close(self) -> None:
        """Erase this session's deleted content, fold the WAL into the file, let go."""
        try:
            if not self.read_only:
                with self.reading() as session:
                    holding = self.origin in journal.sessions_holding_deleted(session)
                if holding:  # a write (and its fsync) only when there is something to erase
                    with self._writing() as session:
                        journal.erase_deleted(session, [self.origin])
                storage.checkpoint(self.engine)
        finally:
            with self._version_lock:
                if self._version_connection is not None:
                    self._version_connection.close()
                    self._version_connection = None
            self.engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _erase_deleted_of_dead_sessions(self) -> None:
        """After a crash: the deleted content a dead session of this computer left behind."""
        host = socket.gethostname()
        with self.reading() as session:
            origins = journal.sessions_holding_deleted(session)
        dead = []
        for origin in origins:
            parts = origin.split("/")
            ours = len(parts) == 3 and parts[0] == host and parts[1].isdigit()
            if ours and not _pid_alive(int(parts[1])):
                dead.append(origin)
        if dead:
            with self._writing() as session:
                journal.erase_deleted(session, dead)

    # -- mutations -----------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE); disk errors said in one line."""
        if self.read_only:
            raise ReadOnlyCase(f"{self.path}: the case file is read-only; nothing was changed")
        try:
            with self._writes.begin() as session:
                yield session
        except (DBAPIError, OSError) as error:
            failure = storage_failure(error, self.path)
            if failure is None:
                raise
            raise failure from None

    def _destructive(self, label: str) -> None:
        hook = type(self).before_destructive
        if hook is not None and not self.read_only:
            hook(self, label)

    def run(self, operation: Operation) -> Applied:
        """Apply one operation in one transaction, with its journal entry; committed on return.

        The inverse carries the operation's label, so that Undo and Redo name
        the same action ("Undo Highlight as Claim", "Redo Highlight as Claim").
        """
        if self.read_only:
            raise ReadOnlyCase(f"{self.path}: the case file is read-only; nothing was changed")
        if operation.destructive:
            self._destructive(operation.label)
        with self._writing() as session:
            applied = operation.apply(session)
            applied.inverse.label = operation.label
            changes = applied.changes | Changes(journal=True)
            entry_id = journal.append(
                session, label=operation.label, author=self.author, origin=self.origin,
                changes=changes, inverse=applied.inverse,
            )  # fmt: skip
        return Applied(changes, applied.inverse, applied.result, entry_id)

    def undo(self, entry_id: int) -> Applied:
        """Undo a journal entry, if nobody changed what it would touch (else Conflict)."""
        return self._step(entry_id, redo=False)

    def redo(self, entry_id: int) -> Applied:
        """Redo an undone journal entry, if nobody changed what it would touch (else Conflict)."""
        return self._step(entry_id, redo=True)

    def _step(self, entry_id: int, *, redo: bool) -> Applied:
        if self.read_only:
            raise ReadOnlyCase(f"{self.path}: the case file is read-only; nothing was changed")
        with self.reading() as session:
            label = journal.destructive_step(session, entry_id, redo=redo)
        if label is not None:
            self._destructive(label)
        with self._writing() as session:
            return journal.step(
                session, entry_id, redo=redo, author=self.author, origin=self.origin
            )

    def journal(self, since_id: int | None = None, limit: int | None = None) -> list[JournalEntry]:
        """The history: newest first, or (``since_id``) the entries after that one, oldest first."""
        with self.reading() as session:
            return journal.entries(session, since_id, limit)

    def last_journal_id(self) -> int:
        with self.reading() as session:
            return journal.last_id(session)

    def data_version(self) -> int:
        """Changes whenever any other connection (another process, or this case's own
        writes) commits to the file: poll it, then read ``journal(since_id=...)``."""
        with self._version_lock:
            if self._version_connection is None:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                if self.read_only and not storage.wal_path(self.path).exists():
                    uri += "&immutable=1"
                self._version_connection = sqlite3.connect(
                    uri, uri=True, check_same_thread=False, isolation_level=None
                )
            value = self._version_connection.execute("PRAGMA data_version").fetchone()[0]
            return int(value)

    @property
    def case_id(self) -> str:
        """A UUID naming this case (its backups are kept under it)."""
        return self.info().get("case_id", "")

    # -- queries -------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @property
    def title(self) -> str:
        return self.info().get("title", "") or self.path.stem

    def info(self) -> dict[str, str]:
        with self.reading() as session:
            return repo.case_info(session)

    def sources(self) -> list[m.SourceInfo]:
        with self.reading() as session:
            return repo.sources(session)

    def source(self, source_id: int) -> m.SourceInfo:
        with self.reading() as session:
            return repo.source(session, source_id)

    def text(self, source_id: int) -> str:
        with self.reading() as session:
            return repo.source_text(session, source_id)

    def blob(self, source_id: int) -> bytes:
        with self.reading() as session:
            return repo.source_blob(session, source_id)

    def page_map(self, source_id: int) -> PageMap | None:
        """Where each character of the source's text sits on its pages (PDF/OCR), or None."""
        with self.reading() as session:
            return repo.page_map(session, source_id)

    def attachments(self, source_id: int) -> list[int]:
        """Ids of the sources that came attached to this one (an e-mail's PDF, ...)."""
        with self.reading() as session:
            return repo.attachments(session, source_id)

    def attached_to(self, source_id: int) -> int | None:
        """The id of the source (an e-mail) this one came attached to, or None."""
        with self.reading() as session:
            return repo.attached_to(session, source_id)

    def blocks(self, source_id: int) -> list[Block]:
        with self.reading() as session:
            return repo.blocks(session, source_id)

    def excerpts(
        self,
        *,
        source_id: int | None = None,
        tag_id: int | None = None,
        record_id: int | None = None,
        ids: list[int] | None = None,
        tag_ids: tuple[int, ...] = (),
        record_ids: tuple[int, ...] = (),
    ) -> list[m.Excerpt]:
        """Excerpts in document order; ``tag_ids``/``record_ids``: with any of them."""
        with self.reading() as session:
            return repo.excerpts(
                session, source_id=source_id, tag_id=tag_id, record_id=record_id, ids=ids,
                tag_ids=tag_ids, record_ids=record_ids,
            )  # fmt: skip

    def spans(
        self, source_id: int, ids: list[int] | None = None
    ) -> list[tuple[int, int, int, int | None]]:
        """(excerpt id, start, end, first tag id) of a source's excerpts: for painting."""
        with self.reading() as session:
            return repo.spans(session, source_id, ids)

    def excerpt(self, excerpt_id: int) -> m.Excerpt:
        with self.reading() as session:
            return repo.excerpt(session, excerpt_id)

    def tags(self) -> list[m.Tag]:
        with self.reading() as session:
            return repo.tags(session)

    def record_types(self) -> list[m.RecordType]:
        with self.reading() as session:
            return repo.record_types(session)

    def records(self) -> list[m.Record]:
        with self.reading() as session:
            return repo.records(session)

    def record(self, record_id: int) -> m.Record:
        with self.reading() as session:
            return repo.record(session, record_id)

    # -- look-ups by name, as users type them --------------------------------
    def tag_named(self, name: str) -> m.Tag:
        wanted = name.strip().casefold()
        for tag in self.tags():
            if tag.name.casefold() == wanted:
                return tag
        raise NotFound(f"there is no tag named {name!r}")

    def record_type_named(self, name: str) -> m.RecordType:
        """Find a record type by key ("asylum-refusal") or name ("Asylum refusal")."""
        wanted = name.strip().casefold()
        normalised = wanted.replace("_", "-").replace(" ", "-")
        for record_type in self.record_types():
            if record_type.key == normalised or record_type.name.casefold() == wanted:
                return record_type
        known = ", ".join(t.key for t in self.record_types())
        raise NotFound(f"there is no record type {name!r} (known: {known})")
