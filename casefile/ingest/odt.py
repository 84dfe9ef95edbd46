"""OpenDocument text (.odt, from LibreOffice and others), read as XML.

The format is a ZIP package with the body in ``content.xml``; reading it with
lxml directly (as DOCX is read) needs no further library (odfpy, the usual
one, has had no release since 2020). Headings, paragraphs, lists, tables,
sections and text frames are read in order; footnotes and endnotes become
note blocks and comments comment blocks; tracked deletions are left out. The
body is parsed paragraph by paragraph (``iterparse``) to keep memory low, and
the text produced is checked against the text in the XML.
"""

from __future__ import annotations

import zipfile
import zlib

from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.safezip import SAFE, SafeZip, is_zip
from casefile.ingest.structured import TextBuilder, visible_length

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SEEN = "casefile-seen"  # set on each element whose text the walker has read
_PARAGRAPHS = (f"{{{TEXT}}}p", f"{{{TEXT}}}h")
_LATER = {f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes"}
_SKIP = {f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}note-citation"}
_CONTAINERS = {
    f"{{{TEXT}}}section", f"{{{TEXT}}}list", f"{{{TEXT}}}list-item", f"{{{TEXT}}}list-header",
    f"{{{TEXT}}}index-body", f"{{{TEXT}}}table-of-content", f"{{{TEXT}}}alphabetical-index",
    f"{{{TEXT}}}illustration-index", f"{{{TEXT}}}bibliography", f"{{{TEXT}}}index-title",
    f"{{{TABLE}}}table-header-rows", f"{{{TABLE}}}table-rows", f"{{{TABLE}}}table-row-group",
}  # fmt: skip


class _Walker:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.notes: list[tuple[BlockKind, str, etree._Element]] = []
        self.comments: list[etree._Element] = []
        self.frames: list[etree._Element] = []

    def inline(self, element: etree._Element) -> str:
        """The text of a paragraph's content; notes, comments and frames set aside."""
        element.set(_SEEN, "")
        parts = [element.text or ""]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{{{TEXT}}}s":
                parts.append(" " * max(1, min(int(child.get(f"{{{TEXT}}}c", "1") or 1), 1000)))
            elif tag == f"{{{TEXT}}}tab":
                parts.append("\t")
            elif tag == f"{{{TEXT}}}line-break":
                parts.append("\n")
            elif tag == f"{{{TEXT}}}note":
                kind = child.get(f"{{{TEXT}}}note-class", "footnote")
                citation = child.find(f"{{{TEXT}}}note-citation")
                label = (citation.text or "") if citation is not None else ""
                block = BlockKind.ENDNOTE if kind == "endnote" else BlockKind.FOOTNOTE
                self.notes.append((block, label, child))
            elif tag == f"{{{OFFICE}}}annotation":
                self.comments.append(child)
            elif tag == f"{{{OFFICE}}}annotation-end" or tag in _SKIP:
                pass
            elif tag.endswith("}frame"):
                self.frames.append(child)
            else:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def paragraphs(self, element: etree._Element) -> str:
        texts = [self.inline(p) for p in element.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h")]
        return "\n".join(t for t in texts if t.strip())

    def child(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == f"{{{TEXT}}}h":
            self.builder.add(self.inline(element), BlockKind.HEADING)
        elif tag == f"{{{TEXT}}}p":
            self.builder.add(self.inline(element))
        elif tag == f"{{{TABLE}}}table":
            for cell in element.iter(f"{{{TABLE}}}table-cell"):
                self.builder.add(self.paragraphs(cell), BlockKind.TABLE_CELL)
        elif tag in _CONTAINERS or tag.endswith("}text-box") or tag.endswith("}frame"):
            for child in element:
                self.child(child)
        self.flush()

    def flush(self) -> None:
        frames, self.frames = self.frames, []
        for frame in frames:
            for child in frame.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
                if child.getparent() is not None and not child.getparent().tag.endswith("}p"):
                    self.builder.add(self.inline(child))

    def finish(self) -> None:
        for kind, label, note in self.notes:
            body = note.find(f"{{{TEXT}}}note-body")
            if body is not None:
                self.builder.add(self.paragraphs(body), kind, label)
        for comment in self.comments:
            author = comment.find("{http://purl.org/dc/elements/1.1/}creator")
            name = (author.text or "") if author is not None else ""
            self.builder.add(self.paragraphs(comment), BlockKind.COMMENT, name)


def _deferred(paragraph: etree._Element, top: etree._Element) -> bool:
    """A paragraph of a note or comment (read at the end) or of a tracked deletion."""
    ancestor = paragraph.getparent()
    while ancestor is not None and ancestor is not top.getparent():
        if ancestor.tag in _LATER:
            return True
        ancestor = ancestor.getparent()
    return False


def _expected(element: etree._Element) -> int:
    """Visible characters in an element, minus tracked deletions (what must come out)."""
    if element.tag in _SKIP:
        return 0
    total = 0
    for node in element.iter():
        if node.tag in _SKIP or (isinstance(node.tag, str) and node.tag.endswith("}creator")):
            continue
        ancestor, hidden = node.getparent(), False
        while ancestor is not None and ancestor is not element:
            if ancestor.tag in _SKIP or (
                isinstance(ancestor.tag, str) and ancestor.tag.endswith(("}creator", "}date"))
            ):
                hidden = True
                break
            ancestor = ancestor.getparent()
        if hidden or (isinstance(node.tag, str) and node.tag.endswith("}date")):
            continue
        total += visible_length(node.text or "")
        if node is not element:
            total += visible_length(node.tail or "")
    return total


def _metadata(package: SafeZip) -> SourceMetadata:
    meta = package.xml("meta.xml")
    values: dict[str, str] = {}
    for element in meta.iter() if meta is not None else []:
        if isinstance(element.tag, str):
            values.setdefault(etree.QName(element).localname, (element.text or "").strip())
    return SourceMetadata(
        title=values.get("title", ""),
        author=values.get("initial-creator", "") or values.get("creator", ""),
        published=values.get("creation-date", "")[:10],
        language=values.get("language", ""),
    )


def is_odt(package: SafeZip) -> bool:
    mimetype = package.read("mimetype") or b""
    return mimetype.strip() == MEDIA_TYPE.encode() or (
        not mimetype and package.find("content.xml") is not None
    )


def extract(data: bytes, filename: str, _options: ImportOptions | None = None) -> ExtractedText:
    package = SafeZip(data, filename)
    if package.find("content.xml") is None:
        raise ImportFailure(filename, "not an OpenDocument text (no content.xml)")
    walker = _Walker()
    expected = produced = recovered = 0
    try:
        with package.open("content.xml") as stream:
            for _, element in etree.iterparse(stream, events=("end",), **SAFE):
                parent = element.getparent()
                if parent is None or parent.tag != f"{{{OFFICE}}}text":
                    continue
                expected_here = _expected(element)
                expected += expected_here
                before = walker.builder.visible
                walker.child(element)
                if walker.builder.visible - before < expected_here:
                    # paragraphs in a part the walker does not know: kept, after their part
                    missed = [
                        p for p in element.iter(*_PARAGRAPHS)
                        if p.get(_SEEN) is None and not _deferred(p, element)
                    ]  # fmt: skip
                    for paragraph in missed:
                        if paragraph.get(_SEEN) is None:  # not read with an enclosing one
                            text = walker.inline(paragraph)
                            walker.builder.add(text)
                            recovered += visible_length(text)
                produced += walker.builder.visible - before
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise ImportFailure(filename, f"damaged XML in content.xml ({error})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ImportFailure(filename, f"damaged part content.xml ({error})") from None
    before = walker.builder.visible
    walker.finish()
    produced += walker.builder.visible - before
    text = walker.builder.text
    if not text.strip():
        raise ImportFailure(filename, "the document holds no text")
    notices: list[str] = []
    if recovered:
        notices.append(
            f"{recovered:,} characters of this document's text sit in a part of its layout "
            "Casefile does not know; they were imported as plain paragraphs after the part "
            "they belong to, so nothing is lost. Check their place in the original."
        )
    if produced < expected:
        notices.append(
            f"{expected - produced:,} characters of this document's text sit where Casefile "
            "cannot place them (an unusual layout) and were not imported; check the original."
        )
    return ExtractedText(
        text=text, kind="odt", media_type=MEDIA_TYPE, blocks=tuple(walker.builder.blocks),
        metadata=_metadata(package), notices=tuple(notices),
    )  # fmt: skip


def _sniff(data: bytes, filename: str) -> bool:
    if not is_zip(data):
        return False
    if b"mimetype" + MEDIA_TYPE.encode() in data[:100]:
        return True
    try:
        return filename.lower().endswith(".odt") and is_odt(SafeZip(data, filename))
    except ImportFailure:
        return filename.lower().endswith(".odt")  # let extract report the damage


register(Importer("odt", "OpenDocument text", (".odt",), (MEDIA_TYPE,), extract, _sniff, 20))
