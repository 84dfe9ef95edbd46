"""Reading REFI-QDA projects (.qdpx packages or bare .qde files) into plain data.

Pure: bytes in, a ProjectData out. The XML is parsed without DTDs, entities or
network; the package entry is found case-insensitively (``Project.qde`` occurs).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.domain.text import normalise_newlines
from casefile.ingest.decoding import decode_text
from casefile.ingest.safezip import SafeZip, secure_parser

NS = "{urn:QDA-XML:project:1.0}"
MAX_CODE_DEPTH = 100


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


DEFAULT_COLOR = "#9e9e9e"
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NAMED = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080",
    "pink": "#ffc0cb", "brown": "#a52a2a", "cyan": "#00ffff", "magenta": "#ff00ff",
    "gray": "#808080", "grey": "#808080", "lime": "#00ff00", "navy": "#000080",
    "teal": "#008080", "olive": "#808000", "maroon": "#800000", "silver": "#c0c0c0",
}  # fmt: skip


def _color(value: str | None) -> tuple[str, bool]:
    """A ``#rrggbb`` colour and whether ``value`` was read as written (else repaired)."""
    if not value or not value.strip():
        return DEFAULT_COLOR, True
    value = value.strip()
    found = _HEX.fullmatch(value)
    if found:
        digits = found.group(1)
        as_written = len(digits) in (3, 6) and value.startswith("#")
        if len(digits) == 3:  # #RGB
            digits = "".join(ch * 2 for ch in digits)
        return "#" + digits[:6].lower(), as_written
    named = _NAMED.get(value.lower())
    return (named, False) if named else (DEFAULT_COLOR, False)


def _position(value: str | None) -> int | None:
    """A character position: "12" or "12.0" (some tools write floats); None if unreadable."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number != int(number) or number < 0:
        return None
    return int(number)


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
        self.notices: list[str] = []

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

    def selections(self, holder: etree._Element, source_name: str) -> list[Selection]:
        found = []
        for element in holder.findall(f"{NS}PlainTextSelection"):
            start = _position(element.get("startPosition"))
            end = _position(element.get("endPosition"))
            if start is None or end is None:
                self.notices.append(
                    f"A selection in {source_name!r} has positions Casefile cannot read "
                    f"({element.get('startPosition')!r}–{element.get('endPosition')!r}); "
                    "left out."
                )
                continue
            notes = [
                self.notes.get(r.get("targetGUID"), "") for r in element.findall(f"{NS}NoteRef")
            ]
            self.used_notes.update(r.get("targetGUID") for r in element.findall(f"{NS}NoteRef"))
            description = _text(element, "Description")
            found.append(
                Selection(
                    guid=element.get("guid", ""),
                    start=start,
                    end=end,
                    code_guids=[
                        ref.get("targetGUID", "")
                        for c in element.findall(f"{NS}Coding")
                        if (ref := c.find(f"{NS}CodeRef")) is not None
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
            try:
                text = normalise_newlines(decode_text(text_data, text_name)[0])
            except ImportFailure as failure:
                text = None
                self.notices.append(f"The text of {text_name!r} cannot be read ({failure.reason}).")
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
            self.selections(holder, element.get("name", "") or text_name),
            variables,
            missing,
        )

    def read(self) -> ProjectData:
        project = ProjectData(self.root.get("name", self.filename))

        def codes(parent: etree._Element, parent_guid: str | None, depth: int = 0) -> None:
            for code in parent.findall(f"{NS}Code"):
                color, as_written = _color(code.get("color"))
                if not as_written:
                    project.notices.append(
                        f"Code {code.get('name', '')!r}: the colour {code.get('color')!r} was "
                        f"read as {color}."
                    )
                project.codes.append(
                    Code(code.get("guid", ""), code.get("name", ""), color, parent_guid)
                )
                if depth < MAX_CODE_DEPTH:
                    codes(code, code.get("guid"), depth + 1)
                elif code.find(f"{NS}Code") is not None:
                    project.notices.append(
                        f"Codes nested deeper than {MAX_CODE_DEPTH} levels under "
                        f"{code.get('name', '')!r} were left out."
                    )

        codebook = self.root.find(f"{NS}CodeBook/{NS}Codes")
        if codebook is not None:
            codes(codebook, None)
        sources = self.root.find(f"{NS}Sources")
        for element in sources if sources is not None else []:
            if not isinstance(element.tag, str):
                continue
            if etree.QName(element).localname in {"TextSource", "PDFSource"}:
                try:
                    project.sources.append(self.source(element))
                except (ValueError, TypeError, AttributeError, LookupError) as error:
                    project.notices.append(
                        f"Source {element.get('name', '')!r} could not be read "
                        f"({type(error).__name__}); left out."
                    )
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
        project.notices[:0] = self.notices
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
