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
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata
from casefile.ingest.html_text import visible_length
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.safezip import SAFE, SafeZip, is_zip
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
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


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
            child.set(_SEEN, "")
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
            self.container_child(child)

    def container_child(self, child: etree._Element) -> None:
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


_BODY_LEVEL = ("{*}p", "{*}tbl", "{*}sdt", "{*}customXml", "{*}ins", "{*}moveTo", "{*}body")
_SEEN = "casefile-seen"  # set on each w:t the walker has read
_NOT_SHOWN = {"del", "moveFrom", "Fallback"}  # deleted text; the fallback copy of a text box


def _shown(element: etree._Element) -> list[etree._Element]:
    """The ``w:t`` elements whose text a reader sees (not deleted, not a fallback copy)."""
    hidden = next(element.iter("{*}del", "{*}moveFrom", "{*}Fallback"), None)
    found: list[etree._Element] = []
    for t in element.iter("{*}t"):
        if not t.text:
            continue
        if hidden is not None:
            ancestor = t.getparent()
            while ancestor is not None and ancestor is not element:
                if _local(ancestor) in _NOT_SHOWN:
                    break
                ancestor = ancestor.getparent()
            else:
                found.append(t)
        else:
            found.append(t)
    return found


def _walk_accounted(element: etree._Element, walker: _Walker) -> tuple[int, int]:
    """Walk one body element; text the walker did not place is added after it as a
    plain paragraph, so nothing is lost. Returns (visible characters, of which recovered)."""
    shown = _shown(element)
    expected = sum(visible_length(t.text or "") for t in shown)
    before = walker.builder.visible
    walker.container_child(element)
    if walker.builder.visible - before >= expected:
        return expected, 0
    missed = " ".join(t.text or "" for t in shown if t.get(_SEEN) is None)
    walker.builder.add(missed)
    return expected, visible_length(missed)


def _stream_body(package: SafeZip, name: str, walker: _Walker) -> tuple[int, int]:
    """Walk the main document paragraph by paragraph, dropping each when done, so that
    memory stays near the size of the text, not of the XML tree.

    Returns (visible characters in the XML, visible characters recovered: text the
    walker could not place, added as plain paragraphs).
    """
    expected = recovered = 0
    found_body = False
    try:
        with package.open(name) as stream:
            for _, element in etree.iterparse(stream, events=("end",), tag=_BODY_LEVEL, **SAFE):
                is_body = _local(element) == "body"
                body = element if is_body else element.getparent()
                if body is None or _local(body) != "body":
                    continue
                found_body = True
                # everything in the body up to here, in order: elements of kinds the
                # walker does not know first (kept until now), then this one
                for child in list(body):
                    if child.get(_SEEN) is None:
                        seen, recovered_here = _walk_accounted(child, walker)
                        expected += seen
                        recovered += recovered_here
                    if child is element:
                        break
                # the parser still holds the element just closed: keep it, cleared
                # and marked as read; drop everything before it
                if not is_body:
                    element.clear()
                    element.set(_SEEN, "")
                    while element.getprevious() is not None:
                        del body[0]
    except etree.XMLSyntaxError as error:
        raise ImportFailure(package.filename, f"damaged XML in {name} ({error})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ImportFailure(package.filename, f"damaged part {name} ({error})") from None
    if not found_body and package.xml(name) is None:
        raise ImportFailure(package.filename, "not a Word document (no main document part)")
    return expected, recovered


def extract(data: bytes, filename: str, package: SafeZip | None = None) -> ExtractedText:
    package = package or SafeZip(data, filename)
    parts = _part_names(package)
    if package.find(parts["document"]) is None:
        raise ImportFailure(filename, "not a Word document (no main document part)")
    walker = _Walker(_styles(package.xml(parts["styles"]) if "styles" in parts else None))
    _expected, recovered = _stream_body(package, parts["document"], walker)
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
    notices: tuple[str, ...] = ()
    if recovered:
        notices = (
            f"{recovered:,} characters of this document's text sit in a part of its layout "
            "Casefile does not know; they were imported as plain paragraphs after the part "
            "they belong to, so nothing is lost. Check their place in the original.",
        )
    return ExtractedText(
        text=text,
        kind="docx",
        media_type=MEDIA_TYPE,
        blocks=tuple(walker.builder.blocks),
        metadata=_metadata(package),
        notices=notices,
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
