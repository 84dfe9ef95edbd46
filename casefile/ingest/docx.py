"""Word documents (DOCX, transitional or Strict OOXML), read as XML.

python-docx exposes paragraphs and tables but not text boxes, footnotes,
endnotes, comments, tracked changes or Strict namespaces, so the body is
walked here directly; every element is matched by local name, which reads
both namespace families. Tracked changes are taken as accepted: insertions
and moved-to text kept, deletions and moved-from text dropped, field
instructions never shown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.safezip import SafeZip, is_zip
from casefile.ingest.structured import TextBuilder

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_SKIP = {
    "del",
    "moveFrom",
    "instrText",
    "delText",
    "delInstrText",
    "commentReference",
    "footnoteReference",
    "endnoteReference",
    "fldChar",
    "rPr",
    "pPr",
    "tblPr",
    "sectPr",
    "trPr",
    "tcPr",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
    "txbxContent",
}
_HEADING = re.compile(r"^(heading|title|subtitle|заголовок)\s*\d*$", re.I)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _attr(element: etree._Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if etree.QName(key).localname == name:
            return str(value)
    return None


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def _run_text(element: etree._Element, boxes: list[etree._Element]) -> str:
    """Visible text of a paragraph's content, collecting text boxes for later."""
    parts: list[str] = []
    for child in element:
        name = _local(child)
        if name == "txbxContent":
            boxes.append(child)
            continue
        if name in {"drawing", "pict", "AlternateContent"}:
            # text boxes hide in drawings; prefer the first AlternateContent choice
            for box in child.iter():
                if _local(box) == "txbxContent":
                    boxes.append(box)
                    break
            continue
        if name in _SKIP:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in {"br", "cr"}:
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("\u2011")
        elif name == "sym":
            char = _attr(child, "char")
            if char:
                parts.append(chr(int(char, 16)) if int(char, 16) < 0xF000 else "")
        else:
            parts.append(_run_text(child, boxes))
    return "".join(parts)


class _Walker:
    def __init__(self, styles: dict[str, str]) -> None:
        self.builder = TextBuilder()
        self.styles = styles

    def paragraph(self, p: etree._Element, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        boxes: list[etree._Element] = []
        text = _run_text(p, boxes)
        if kind == BlockKind.PARAGRAPH and self._is_heading(p):
            kind = BlockKind.HEADING
        self.builder.add(text, kind)
        for box in boxes:
            self.container(box)

    def _is_heading(self, p: etree._Element) -> bool:
        for ppr in _children(p, "pPr"):
            for child in ppr:
                if _local(child) == "outlineLvl":
                    return True
                if _local(child) == "pStyle":
                    style = _attr(child, "val") or ""
                    name = self.styles.get(style, style)
                    if _HEADING.match(name) or _HEADING.match(style):
                        return True
        return False

    def table(self, tbl: etree._Element) -> None:
        for row in _children(tbl, "tr"):
            for cell in _children(row, "tc"):
                props = next(_children(cell, "tcPr"), None)
                merge = next(_children(props, "vMerge"), None) if props is not None else None
                if merge is not None and (_attr(merge, "val") or "continue") == "continue":
                    continue  # a vertically merged cell's text stands once, in its first row
                boxes: list[etree._Element] = []
                texts = [_run_text(p, boxes) for p in cell.iter() if _local(p) == "p"]
                self.builder.add("\n".join(t for t in texts if t.strip()), BlockKind.TABLE_CELL)
                for box in boxes:
                    self.container(box)

    def container(self, element: etree._Element) -> None:
        for child in element:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in {"sdt", "sdtContent", "customXml", "ins", "moveTo"}:
                self.container(child)

    def notes(self, root: etree._Element | None, kind: BlockKind) -> None:
        if root is None:
            return
        number = 0
        for note in root:
            if _local(note) not in {"footnote", "endnote", "comment"}:
                continue
            if (_attr(note, "type") or "normal") != "normal":
                continue  # separators and continuation notices
            number += 1
            label = str(number) if kind != BlockKind.COMMENT else (_attr(note, "author") or "")
            boxes: list[etree._Element] = []
            text = "\n".join(
                t for p in note.iter() if _local(p) == "p" if (t := _run_text(p, boxes)).strip()
            )
            self.builder.add(text, kind, label)


def _part_names(package: SafeZip) -> dict[str, str]:
    """Main document and its related parts, from the relationships (Strict or transitional)."""
    found: dict[str, str] = {}
    rels = package.xml("_rels/.rels")
    for rel in rels if rels is not None else []:
        if (_attr(rel, "Type") or "").endswith("/officeDocument"):
            target = (_attr(rel, "Target") or "").lstrip("/")
            if target.lower().endswith(".xml") and package.find(target):
                found["document"] = target
    document = found.get("document") or "word/document.xml"
    found["document"] = document
    folder = posixpath.dirname(document)
    doc_rels = package.xml(posixpath.join(folder, "_rels", posixpath.basename(document) + ".rels"))
    for rel in doc_rels if doc_rels is not None else []:
        kind = (_attr(rel, "Type") or "").rsplit("/", 1)[-1]
        if kind in {"footnotes", "endnotes", "comments", "styles"}:
            found[kind] = posixpath.normpath(posixpath.join(folder, _attr(rel, "Target") or ""))
    return found


def _styles(root: etree._Element | None) -> dict[str, str]:
    styles: dict[str, str] = {}
    for style in root.iter() if root is not None else []:
        if _local(style) == "style":
            name = next((c for c in style if _local(c) == "name"), None)
            if name is not None:
                styles[_attr(style, "styleId") or ""] = _attr(name, "val") or ""
    return styles


def _metadata(package: SafeZip) -> SourceMetadata:
    core = package.xml("docProps/core.xml")
    values: dict[str, str] = {}
    for element in core if core is not None else []:
        values[_local(element)] = (element.text or "").strip()
    published = values.get("created", "")[:10]
    return SourceMetadata(
        title=values.get("title", ""),
        author=values.get("creator", ""),
        published=published,
        language=values.get("language", ""),
    )


def is_docx(package: SafeZip) -> bool:
    """A package with a WordprocessingML main document (transitional or Strict)."""
    return package.find(_part_names(package)["document"]) is not None


def extract(data: bytes, filename: str, package: SafeZip | None = None) -> ExtractedText:
    package = package or SafeZip(data, filename)
    parts = _part_names(package)
    body_root = package.xml(parts["document"])
    if body_root is None:
        raise ImportFailure(filename, "not a Word document (no main document part)")
    walker = _Walker(_styles(package.xml(parts["styles"]) if "styles" in parts else None))
    body = next((c for c in body_root if _local(c) == "body"), None)
    if body is None:
        raise ImportFailure(filename, "not a Word document (the document has no body)")
    walker.container(body)
    for kind, block in (
        ("footnotes", BlockKind.FOOTNOTE),
        ("endnotes", BlockKind.ENDNOTE),
        ("comments", BlockKind.COMMENT),
    ):
        if kind in parts:
            walker.notes(package.xml(parts[kind]), block)
    text = walker.builder.text
    if not text.strip():
        raise ImportFailure(filename, "the document holds no text")
    return ExtractedText(
        text=text,
        kind="docx",
        media_type=MEDIA_TYPE,
        blocks=tuple(walker.builder.blocks),
        metadata=_metadata(package),
    )


def _extract(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
    return extract(data, filename)


def _sniff(data: bytes, filename: str) -> bool:
    if not is_zip(data):
        return False
    try:
        return is_docx(SafeZip(data, filename))
    except ImportFailure:
        return filename.lower().endswith(".docx")  # let extract report the damage


register(Importer("docx", "Word documents", (".docx",), (MEDIA_TYPE,), _extract, _sniff, 20))
