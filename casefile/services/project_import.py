"""Importing a REFI-QDA project into a case file: one transaction, undone as one step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.domain.builtins import BUILTIN_RECORD_TYPES
from casefile.domain.errors import DuplicateSource, ImportFailure
from casefile.domain.model import FieldSpec, Relation
from casefile.domain.text import METADATA_FIELDS, ExtractedText, SourceMetadata, paragraph_blocks
from casefile.ingest import ImportOptions, refi_qda
from casefile.services.bulk_ops import CreateExcerpts, NewExcerpt
from casefile.services.changes import Changes
from casefile.services.excerpt_ops import LinkExcerpt
from casefile.services.operation import Applied, Batch, Operation
from casefile.services.record_ops import CreateRecord, SaveRecordType
from casefile.services.source_ops import ImportSource, NewSource
from casefile.services.tag_ops import CreateTag
from casefile.storage import schema as s

MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "email": "message/rfc822",
}


@dataclass
class ProjectReport:
    sources: list[int] = field(default_factory=list)
    excerpts: int = 0
    tags: int = 0
    records: int = 0
    notices: list[str] = field(default_factory=list)


class ImportProject(Operation):
    """Everything in the project that Casefile can hold; ``report`` says what and what not."""

    label = "Import REFI-QDA Project"
    destructive = True  # a large change at once: an automatic backup comes first

    def __init__(self, project: refi_qda.ProjectData, filename: str) -> None:
        self.project, self.filename = project, filename
        self.report = ProjectReport(notices=list(project.notices))

    def apply(self, session: Session) -> Applied:
        self._changes = Changes()
        self._inverses: list[Operation] = []
        tag_ids = self._tags(session)
        selection_ids = self._sources(session, tag_ids)
        self._records(session, selection_ids)
        if not self.report.sources and not self.report.tags and not self.report.records:
            raise ImportFailure(
                self.filename,
                "nothing in this project could be imported: " + "; ".join(self.report.notices[:3]),
            )
        return Applied(self._changes, Batch(self.label, self._inverses[::-1]))

    def _run(self, session: Session, operation: Operation) -> int | None:
        applied = operation.apply(session)
        session.flush()
        self._changes = self._changes | applied.changes
        self._inverses.append(applied.inverse)
        return applied.result

    def _tags(self, session: Session) -> dict[str, int]:
        existing = {n.casefold(): i for i, n in session.execute(select(s.Tag.id, s.Tag.name)).all()}
        ids: dict[str, int] = {}
        for code in self.project.codes:
            name = code.name.strip() or "Code"
            if name.casefold() in existing:
                ids[code.guid] = existing[name.casefold()]
                continue
            parent = ids.get(code.parent) if code.parent else None
            new_id = self._run(session, CreateTag(name, code.color, parent))
            assert new_id is not None
            ids[code.guid] = existing[name.casefold()] = new_id
            self.report.tags += 1
        return ids

    def _sources(self, session: Session, tag_ids: dict[str, int]) -> dict[str, int]:
        selection_ids: dict[str, int] = {}
        wanted: list[NewExcerpt] = []
        guids: list[str] = []
        for source in self.project.sources:
            if source.text is None:
                count = len(source.selections)
                self.report.notices.append(
                    f"Source {source.name!r} is not in the package ({source.missing}); "
                    f"{count} selection(s) on it were not imported."
                )
                continue
            text = source.text
            if not text.strip():
                self.report.notices.append(
                    f"Source {source.name!r} has no text; left out "
                    f"(with {len(source.selections)} selection(s) on it)."
                )
                continue
            data = source.original or text.encode("utf-8")
            var = source.variables
            metadata = SourceMetadata(
                **{k: var.get(f"casefile:source-{k}", "") for k in METADATA_FIELDS}
            )
            extracted = ExtractedText(
                text=text,
                kind=source.kind,
                media_type=MEDIA.get(source.kind, "text/plain"),
                blocks=tuple(paragraph_blocks(text)),
                metadata=SourceMetadata(title=source.name),
            )
            new = NewSource(source.original_name or f"{source.name}.txt", data, extracted, metadata)
            try:
                source_id = self._run(session, ImportSource(new))
            except DuplicateSource as duplicate:
                self.report.notices.append(f"Source {source.name!r}: {duplicate}")
                continue
            assert source_id is not None
            self.report.sources.append(source_id)
            for selection in source.selections:
                if not 0 <= selection.start < selection.end <= len(text):
                    self.report.notices.append(
                        f"A selection in {source.name!r} ({selection.start}–{selection.end}) lies "
                        "outside its text and was not imported."
                    )
                    continue
                if not text[selection.start : selection.end].strip():
                    self.report.notices.append(
                        f"A selection in {source.name!r} holds only white space and was not "
                        "imported."
                    )
                    continue
                tags = tuple(tag_ids[g] for g in selection.code_guids if g in tag_ids)
                wanted.append(
                    NewExcerpt(source_id, selection.start, selection.end, tags,
                               selection.note, selection.author)
                )  # fmt: skip
                guids.append(selection.guid)
        if wanted:  # every selection of the project in one bulk step
            bulk = CreateExcerpts(wanted)
            self._run(session, bulk)
            selection_ids.update(zip(guids, bulk.ids, strict=True))
            self.report.excerpts += len(bulk.ids)
        return selection_ids

    def _record_type(self, session: Session, key: str, name: str) -> int:
        found = session.scalar(select(s.RecordType.id).where(s.RecordType.key == key))
        if found is not None:
            return found
        builtin = next((b for b in BUILTIN_RECORD_TYPES if b[0] == key), None)
        fields: list[FieldSpec] = list(builtin[2]) if builtin else []
        new_id = self._run(session, SaveRecordType(name, fields, key=key))
        assert new_id is not None
        return new_id

    def _records(self, session: Session, selection_ids: dict[str, int]) -> None:
        for case in self.project.cases:
            var = case.variables
            key = var.get("casefile:record-type") or "case"
            type_name = var.get("casefile:record-type-name") or "Case"
            type_id = self._record_type(session, key, type_name)
            row = session.get(s.RecordType, type_id)
            labels = {f"{row.name}: {f['label']}": f["key"] for f in row.fields} if row else {}
            fields = {labels[n]: v for n, v in var.items() if n in labels}
            extra = {
                n: v for n, v in var.items() if n not in labels and not n.startswith("casefile:")
            }
            note = "\n".join([case.description, *(f"{n}: {v}" for n, v in extra.items())]).strip()
            record_id = self._run(
                session,
                CreateRecord(
                    type_id, case.name, date=var.get("casefile:date", ""), fields=fields, note=note
                ),
            )
            assert record_id is not None
            self.report.records += 1
            relations = refi_qda.links_of(case)
            for selection_guid in case.selection_guids:
                if selection_guid in selection_ids:
                    relation = Relation(relations.get(selection_guid, "mentions"))
                    self._run(
                        session, LinkExcerpt(selection_ids[selection_guid], record_id, relation)
                    )
        for name, text in self.project.memos:
            type_id = self._record_type(session, "memo", "Memo")
            self._run(session, CreateRecord(type_id, name, note=text))
            self.report.records += 1


def prepare_project(path: Path) -> ImportProject:
    """Read a .qdpx or .qde file (pure work) into the operation that stores it."""
    from casefile.services.importing import display_name, read_file, unexpected

    name = display_name(path)
    data = read_file(path, ImportOptions())
    try:
        project = refi_qda.read_project(data, name)
    except ImportFailure:
        raise
    except Exception as error:  # malformed XML values the reader did not foresee
        raise ImportFailure(name, f"damaged project ({unexpected(error)})") from None
    return ImportProject(project, name)
