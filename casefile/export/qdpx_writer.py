"""A REFI-QDA project (.qdpx): project.qde plus the sources under sources/, by GUID.

Tags become codes (hierarchy and colour), excerpts plain-text selections with
code-point offsets, notes <Notes>, records cases with variables, links
selection references. What the standard has no place for (a link's relation,
a record's type and date, citation metadata) travels in variables whose names
start with "casefile:", which other programs show as ordinary variables.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from casefile import __version__
from casefile.domain import model as m
from casefile.domain.text import METADATA_FIELDS
from casefile.services import Case

NS = "urn:QDA-XML:project:1.0"
_SPACE = uuid.UUID("6b2f9c1e-6a43-4f4e-9a55-0f5e3c2b7d10")
SOURCE_VARIABLES = (*METADATA_FIELDS, "kind")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "email": "eml", "text": "txt"}


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_SPACE, "/".join(str(p) for p in parts))).upper()


def _el(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    return etree.SubElement(
        parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items() if v not in (None, "")}
    )


def _stamp(value: str) -> str | None:
    """ISO dates as xsd:dateTime in UTC, or nothing."""
    return value.replace("+00:00", "Z") if value and "T" in value else None


class _Writer:
    def __init__(self, case: Case) -> None:
        self.case = case
        self.key = case.info().get("project_guid") or case.title  # stable GUIDs per case file
        self.files: dict[str, bytes] = {}
        self.variables: dict[str, tuple[str, str]] = {}  # name -> (guid, type)
        self.users: dict[str, str] = {}

    def variable(self, name: str, kind: str = "Text") -> str:
        if name not in self.variables:
            self.variables[name] = (guid(self.key, "variable", name), kind)
        return self.variables[name][0]

    def user(self, name: str) -> str | None:
        if not name:
            return None
        return self.users.setdefault(name, guid(self.key, "user", name))

    def value(self, parent: etree._Element, name: str, text: str) -> None:
        holder = _el(parent, "VariableValue")
        _el(holder, "VariableRef", targetGUID=self.variable(name))
        _el(holder, "TextValue").text = text

    def build(self) -> etree._Element:
        case = self.case
        root = etree.Element(
            f"{{{NS}}}Project", nsmap={None: NS}, name=case.title, origin=f"Casefile {__version__}"
        )
        users = _el(root, "Users")
        codebook = _el(_el(root, "CodeBook"), "Codes")
        tags = case.tags()
        children: dict[int | None, list[m.Tag]] = {}
        for tag in tags:
            children.setdefault(tag.parent_id, []).append(tag)

        def add_codes(parent: etree._Element, parent_id: int | None) -> None:
            for tag in children.get(parent_id, []):
                code = _el(
                    parent,
                    "Code",
                    guid=guid(self.key, "tag", tag.id),
                    name=tag.name,
                    isCodable="true",
                    color=tag.color.upper(),
                )
                add_codes(code, tag.id)

        add_codes(codebook, None)
        variables = _el(root, "Variables")
        cases = _el(root, "Cases")
        sources = _el(root, "Sources")
        notes = _el(root, "Notes")
        excerpts = case.excerpts()
        by_source: dict[int, list[m.Excerpt]] = {}
        for excerpt in excerpts:
            by_source.setdefault(excerpt.source_id, []).append(excerpt)
        for source in case.sources():
            self.source(sources, notes, source, by_source.get(source.id, []))
        types = {t.id: t for t in case.record_types()}
        for record in case.records():
            self.record(cases, record, types[record.type_id], excerpts)
        for name, (variable_guid, kind) in self.variables.items():
            _el(variables, "Variable", guid=variable_guid, name=name, typeOfVariable=kind)
        for name, user_guid in self.users.items():
            _el(users, "User", guid=user_guid, name=name)
        for element in (users, variables, cases, notes):
            if len(element) == 0:
                root.remove(element)
        return root

    def source(
        self,
        sources: etree._Element,
        notes: etree._Element,
        source: m.SourceInfo,
        excerpts: list[m.Excerpt],
    ) -> None:
        source_guid = guid(self.key, "source", source.id)
        text_name = f"{guid(self.key, 'text', source.id)}.txt"
        original = f"{source_guid}.{EXTENSIONS.get(source.kind, 'bin')}"
        self.files[text_name] = self.case.text(source.id).encode("utf-8")
        self.files[original] = self.case.blob(source.id)
        if source.kind == "pdf":
            element = _el(
                sources,
                "PDFSource",
                guid=source_guid,
                name=source.title,
                path=f"internal://{original}",
                creationDateTime=_stamp(source.imported_at),
            )
            holder = _el(
                element,
                "Representation",
                guid=guid(self.key, "representation", source.id),
                plainTextPath=f"internal://{text_name}",
                name=source.title,
            )
        else:
            holder = element = _el(
                sources,
                "TextSource",
                guid=source_guid,
                name=source.title,
                plainTextPath=f"internal://{text_name}",
                richTextPath=f"internal://{original}" if source.kind == "docx" else None,
                creationDateTime=_stamp(source.imported_at),
            )
        for excerpt in excerpts:
            self.selection(holder, notes, excerpt)
        for name in SOURCE_VARIABLES:
            if value := getattr(source, name):
                self.value(element, f"casefile:source-{name}", str(value))
        self.value(element, "casefile:original", f"internal://{original}")

    def selection(self, parent: etree._Element, notes: etree._Element, excerpt: m.Excerpt) -> None:
        selection = _el(
            parent,
            "PlainTextSelection",
            guid=guid(self.key, "excerpt", excerpt.id),
            name=" ".join(excerpt.exact.split())[:80],
            startPosition=excerpt.start,
            endPosition=excerpt.end,
            creatingUser=self.user(excerpt.author),
            creationDateTime=_stamp(excerpt.created_at),
            modifiedDateTime=_stamp(excerpt.updated_at),
        )
        for tag_id in excerpt.tag_ids:
            coding = _el(
                selection,
                "Coding",
                guid=guid(self.key, "coding", excerpt.id, tag_id),
                creatingUser=self.user(excerpt.author),
            )
            _el(coding, "CodeRef", targetGUID=guid(self.key, "tag", tag_id))
        if excerpt.note:
            note_guid = guid(self.key, "note", excerpt.id)
            note = _el(
                notes,
                "Note",
                guid=note_guid,
                name=f"Note on: {selection.get('name')}",
                creatingUser=self.user(excerpt.author),
                creationDateTime=_stamp(excerpt.created_at),
                modifiedDateTime=_stamp(excerpt.updated_at),
            )
            _el(note, "PlainTextContent").text = excerpt.note
            _el(selection, "NoteRef", targetGUID=note_guid)

    def record(
        self,
        cases: etree._Element,
        record: m.Record,
        record_type: m.RecordType,
        excerpts: list[m.Excerpt],
    ) -> None:
        element = _el(cases, "Case", guid=guid(self.key, "record", record.id), name=record.title)
        if record.note:
            _el(element, "Description").text = record.note
        labels = {f.key: f.label for f in record_type.fields}
        self.value(element, "casefile:record-type", record_type.key)
        self.value(element, "casefile:record-type-name", record_type.name)
        if record.date:
            self.value(element, "casefile:date", record.date)
        for key, value in record.fields.items():
            self.value(element, f"{record_type.name}: {labels.get(key, key)}", value)
        links = {
            guid(self.key, "excerpt", e.id): str(link.relation)
            for e in excerpts
            for link in e.links
            if link.record_id == record.id
        }
        if links:
            self.value(element, "casefile:links", json.dumps(links, sort_keys=True))
        for selection_guid in links:
            _el(element, "SelectionRef", targetGUID=selection_guid)


def write_qdpx(case: Case, out: Path) -> int:
    """Write the project; returns the number of selections."""
    writer = _Writer(case)
    root = writer.build()
    _reorder(root)
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("project.qde", xml)
        for name, data in writer.files.items():
            package.writestr(f"sources/{name}", data)
    return len(root.findall(f".//{{{NS}}}PlainTextSelection"))


_ORDER = {
    name: i
    for i, name in enumerate(
        [
            "Description",
            "PlainTextContent",
            "PDFSelection",
            "Representation",
            "PlainTextSelection",
            "Coding",
            "CodeRef",
            "NoteRef",
            "VariableValue",
            "SourceRef",
            "SelectionRef",
        ]
    )
}


def _reorder(root: etree._Element) -> None:
    """Children in the order the schema's sequences require."""
    for element in root.iter():
        if etree.QName(element).localname in {
            "TextSource",
            "PDFSource",
            "Case",
            "Representation",
            "PlainTextSelection",
        }:
            element[:] = sorted(element, key=lambda c: _ORDER.get(etree.QName(c).localname, 99))
