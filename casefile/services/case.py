"""The open case file: runs operations, answers queries. No Qt.

Each operation runs in its own session and transaction and is committed at
once; a crash afterwards loses nothing. Reads open short sessions too, so a
``Case`` can be shared by the GUI thread and one database worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from casefile.domain import model as m
from casefile.domain.builtins import BUILTIN_RECORD_TYPES, BUILTIN_TAGS
from casefile.domain.errors import NotFound
from casefile.domain.pagemap import PageMap
from casefile.domain.text import Block
from casefile.services.operation import Applied, Operation
from casefile.storage import engine as storage
from casefile.storage import repository as repo
from casefile.storage import schema as s


class Case:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- opening and closing -------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, title: str = "") -> Case:
        path = Path(path)
        engine = storage.create_case_file(path)
        case = cls(path, engine)
        with case._sessions.begin() as session:
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
        return case

    @classmethod
    def open(cls, path: Path | str) -> Case:
        path = Path(path)
        return cls(path, storage.open_case_file(path))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- mutations -----------------------------------------------------------
    def run(self, operation: Operation) -> Applied:
        """Apply one operation in one transaction, committed before returning.

        The inverse carries the operation's label, so that Undo and Redo name
        the same action ("Undo Highlight as Claim", "Redo Highlight as Claim").
        """
        with self._sessions.begin() as session:
            applied = operation.apply(session)
        applied.inverse.label = operation.label
        return applied

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
    ) -> list[m.Excerpt]:
        with self.reading() as session:
            return repo.excerpts(
                session, source_id=source_id, tag_id=tag_id, record_id=record_id, ids=ids
            )

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
