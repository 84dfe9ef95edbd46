"""Reading REFI-QDA projects (.qdpx packages or bare .qde files) into plain data.

Pure: bytes in, a ProjectData out. The XML is parsed without DTDs, entities or
network; the package entry is found case-insensitively (``Project.qde`` occurs).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.ingest.safezip import SafeZip, secure_parser

NS = "{urn:QDA-XML:project:1.0}"


@dataclass
class Code:
    guid: str
    name: str
    color: str
    parent: str | None


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    code_guids: list[str]
    note: str
    author: str
    created: str


@dataclass
class Source:
    guid: str
    name: str
    text: str | None  # None: not in the package
    original: bytes | None
    original_name: str
    kind: str  # "text", "pdf", "docx", ...
    selections: list[Selection]
    variables: dict[str, str]
    missing: str = ""  # what could not be found


@dataclass
class Case:
    guid: str
    name: str
    description: str
    variables: dict[str, str]
    selection_guids: list[str]


@dataclass
class ProjectData:
    name: str
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    memos: list[tuple[str, str]] = field(default_factory=list)  # (name, text) of free notes
    notices: list[str] = field(default_factory=list)


def _color(value: str | None) -> str:
    if not value:
        return "#9e9e9e"
    value = value.strip()
    if len(value) == 4:  # #RGB
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.lower()


def _text(element: etree._Element | None, tag: str) -> str:
    child = element.find(f"{NS}{tag}") if element is not None else None
    return (child.text or "") if child is not None else ""


class _Reader:
    def __init__(self, root: etree._Element, package: SafeZip | None, filename: str) -> None:
        self.root, self.package, self.filename = root, package, filename
        self.users = {u.get("guid"): u.get("name", "") for u in root.iter(f"{NS}User")}
        self.variables = {v.get("guid"): v.get("name", "") for v in root.iter(f"{NS}Variable")}
        self.notes = {n.get("guid"): _text(n, "PlainTextContent") for n in root.iter(f"{NS}Note")}
        self.used_notes: set[str] = set()

    def internal(self, path: str | None) -> tuple[bytes | None, str]:
        if not path:
            return None, ""
        name = path.removeprefix("internal://")
        if not path.startswith("internal://"):
            return None, name  # an absolute path on the other tool's machine: not ours to read
        if self.package is None:
            return None, name
        for folder in ("sources/", ""):
            data = self.package.read(folder + name)
            if data is not None:
                return data, name
        return None, name

    def values(self, element: etree._Element) -> dict[str, str]:
        result = {}
        for holder in element.findall(f"{NS}VariableValue"):
            ref = holder.find(f"{NS}VariableRef")
            name = self.variables.get(ref.get("targetGUID") if ref is not None else None, "")
            value = next((c.text or "" for c in holder if c.tag != f"{NS}VariableRef"), "")
            if name:
                result[name] = value
        return result

    def selections(self, holder: etree._Element) -> list[Selection]:
        found = []
        for element in holder.findall(f"{NS}PlainTextSelection"):
            notes = [
                self.notes.get(r.get("targetGUID"), "") for r in element.findall(f"{NS}NoteRef")
            ]
            self.used_notes.update(r.get("targetGUID") for r in element.findall(f"{NS}NoteRef"))
            description = _text(element, "Description")
            found.append(
                Selection(
                    guid=element.get("guid", ""),
                    start=int(element.get("startPosition", "0")),
                    end=int(element.get("endPosition", "0")),
                    code_guids=[
                        c.find(f"{NS}CodeRef").get("targetGUID")
                        for c in element.findall(f"{NS}Coding")
                        if c.find(f"{NS}CodeRef") is not None
                    ],
                    note="\n\n".join(n for n in [description, *notes] if n),
                    author=self.users.get(element.get("creatingUser"), ""),
                    created=element.get("creationDateTime", ""),
                )
            )
        return found

    def source(self, element: etree._Element) -> Source:
        kind_tag = etree.QName(element).localname
        holder = element
        if kind_tag == "PDFSource":
            holder = element.find(f"{NS}Representation")
            if holder is None:
                holder = element
        text_data, text_name = self.internal(holder.get("plainTextPath"))
        inline = holder.find(f"{NS}PlainTextContent")
        text: str | None = None
        if inline is not None:
            text = inline.text or ""
        elif text_data is not None:
            text = text_data.decode("utf-8-sig").replace("\r\n", "\n")
        variables = self.values(element)
        original_path = (
            variables.get("casefile:original") or element.get("path") or element.get("richTextPath")
        )
        original, original_name = self.internal(original_path)
        kind = variables.get("casefile:source-kind") or (
            "pdf"
            if kind_tag == "PDFSource"
            else "docx"
            if original_name.lower().endswith(".docx")
            else "text"
        )
        missing = ""
        if text is None:
            missing = holder.get("plainTextPath") or "no text and no path to it"
        return Source(
            element.get("guid", ""),
            unicodedata.normalize("NFC", element.get("name", "") or text_name),
            text,
            original,
            original_name,
            kind,
            self.selections(holder),
            variables,
            missing,
        )

    def read(self) -> ProjectData:
        project = ProjectData(self.root.get("name", self.filename))

        def codes(parent: etree._Element, parent_guid: str | None) -> None:
            for code in parent.findall(f"{NS}Code"):
                project.codes.append(
                    Code(
                        code.get("guid", ""),
                        code.get("name", ""),
                        _color(code.get("color")),
                        parent_guid,
                    )
                )
                codes(code, code.get("guid"))

        codebook = self.root.find(f"{NS}CodeBook/{NS}Codes")
        if codebook is not None:
            codes(codebook, None)
        sources = self.root.find(f"{NS}Sources")
        for element in sources if sources is not None else []:
            if etree.QName(element).localname in {"TextSource", "PDFSource"}:
                project.sources.append(self.source(element))
            elif isinstance(element.tag, str):
                project.notices.append(
                    f"{etree.QName(element).localname} {element.get('name', '')!r}: "
                    "pictures, audio and video are not imported"
                )
        for case in self.root.iter(f"{NS}Case"):
            project.cases.append(
                Case(
                    case.get("guid", ""),
                    case.get("name", "") or "Case",
                    _text(case, "Description"),
                    self.values(case),
                    [r.get("targetGUID", "") for r in case.findall(f"{NS}SelectionRef")],
                )
            )
        for note in self.root.iter(f"{NS}Note"):
            if note.get("guid") not in self.used_notes:
                project.memos.append(
                    (note.get("name", "") or "Note", _text(note, "PlainTextContent"))
                )
        for tag in ("Sets", "Links", "Graphs"):
            if self.root.find(f"{NS}{tag}") is not None:
                project.notices.append(
                    f"The project's {tag.lower()} have no place in Casefile; left out."
                )
        return project


def read_project(data: bytes, filename: str) -> ProjectData:
    package: SafeZip | None = None
    if data.startswith(b"PK\x03\x04"):
        package = SafeZip(data, filename)
        entry = next(
            (n for n in package.names() if n.lower().endswith(".qde") and "/" not in n), None
        )
        if entry is None:
            raise ImportFailure(filename, "not a REFI-QDA project (no project.qde in the package)")
        xml = package.read(entry) or b""
    else:
        xml = data
    try:
        root = etree.fromstring(xml, secure_parser())
    except etree.XMLSyntaxError as error:
        raise ImportFailure(filename, f"damaged project XML ({error})") from None
    if root.tag != f"{NS}Project":
        raise ImportFailure(filename, "not a REFI-QDA project (the root is not a QDA-XML Project)")
    return _Reader(root, package, filename).read()


def links_of(case: Case) -> dict[str, str]:
    """A Casefile case's relations per selection GUID (absent from other tools' files)."""
    try:
        value = json.loads(case.variables.get("casefile:links", "{}"))
    except json.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
