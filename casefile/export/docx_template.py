"""Any Word document as a template: its styles, page set-up, headers and footers — nothing else.

What a template brings that must not reach the brief is removed: its body, its
own footnotes and endnotes, comments (and their authors), document properties
(core, app, custom, thumbnail), glossary and custom XML data, document
variables and the path of its attached template. Headers and footers stay,
pseudonymised. Built-in styles the brief uses are added when the template lacks
them, so no template makes the export fail.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from casefile.domain.errors import InvalidInput
from casefile.export.pseudonyms import Pseudonymiser

QUOTE_STYLE = "Block Quotation"
_DROPPED_FROM_DOCUMENT = {
    RT.COMMENTS,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
    RT.GLOSSARY_DOCUMENT,
    RT.CUSTOM_XML,
}
_DROPPED_FROM_PACKAGE = {RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES, RT.THUMBNAIL}
_NOTE_TYPES = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}
_COMMENT_MARKS = ("commentRangeStart", "commentRangeEnd", "commentReference")


def _as_xml_part(document: DocumentObject, reltype: str) -> XmlPart | None:
    """The part behind ``reltype`` as an XmlPart; python-docx loads a template's footnotes
    and endnotes as plain bytes, and changes made to a parsed copy would be lost."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, XmlPart):
                part = XmlPart(part.partname, part.content_type, parse_xml(part.blob), part.package)
                rel._target = part
            return part
    return None


def _clear_notes(document: DocumentObject) -> None:
    """Keep the separators; drop the template's own notes (their references went with the body)."""
    for reltype, kind in _NOTE_TYPES.items():
        part = _as_xml_part(document, reltype)
        if part is None:
            continue
        for note in list(part.element.findall(qn(f"w:{kind}"))):
            if note.get(qn("w:type")) in (None, "normal"):
                part.element.remove(note)


def _drop_relationships(document: DocumentObject) -> None:
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED_FROM_DOCUMENT:
            del part.rels[rel_id]
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in _DROPPED_FROM_PACKAGE:
            del package_rels[rel_id]
    settings = document.settings.element
    for name in ("docVars", "attachedTemplate", "mailMerge", "rsids"):
        for element in settings.findall(qn(f"w:{name}")):
            rel_id = element.get(qn("r:id"))
            settings.remove(element)
            if rel_id and rel_id in document.settings.part.rels:
                del document.settings.part.rels[rel_id]


def _unused_headers(document: DocumentObject) -> None:
    """Headers and footers of section breaks that left with the body are dropped."""
    used = {
        ref.get(qn("r:id"))
        for ref in document.element.body.iter(qn("w:headerReference"), qn("w:footerReference"))
    }
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER) and rel_id not in used:
            del document.part.rels[rel_id]


def pseudonymise_part(element: Any, rename: Pseudonymiser) -> None:
    """Rename names in every paragraph of a header, footer or note; drop comment marks."""
    root = element  # an lxml element
    for name in _COMMENT_MARKS:
        for mark in list(root.iter(qn(f"w:{name}"))):
            parent = mark.getparent()
            if name == "commentReference" and parent is not None and parent.tag == qn("w:r"):
                grand = parent.getparent()
                if grand is not None:
                    grand.remove(parent)
            elif parent is not None:
                parent.remove(mark)
    if not rename:
        return
    for paragraph in root.iter(qn("w:p")):
        texts = list(paragraph.iter(qn("w:t")))
        joined = "".join(t.text or "" for t in texts)
        renamed = rename(joined)
        if renamed != joined and texts:
            texts[0].text = renamed
            texts[0].set(qn("xml:space"), "preserve")
            for t in texts[1:]:
                t.text = ""
    for element in root.iter():
        for key, value in element.attrib.items():
            if value and rename.found_in(value):
                element.set(key, rename(value))


def _headers_and_footers(document: DocumentObject, rename: Pseudonymiser) -> None:
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            part = rel.target_part
            pseudonymise_part(part.element, rename)
            for _rel_id, inner in list(part.rels.items()):
                if inner.is_external and (
                    rename.in_url(inner.target_ref) or rename.found_in(inner.target_ref)
                ):
                    inner._target = "#"


def _style(document: DocumentObject, name: str, kind: WD_STYLE_TYPE) -> None:
    styles = document.styles
    if name in {s.name for s in styles}:
        return
    style = styles.add_style(name, kind)
    if kind is not WD_STYLE_TYPE.PARAGRAPH:
        if name == "Footnote Reference":
            style.font.superscript = True
        return
    with contextlib.suppress(KeyError):
        style.base_style = styles["Normal"]
    fmt = style.paragraph_format
    font = style.font
    if name == "Title":
        font.size, font.bold = Pt(22), True
        fmt.space_after = Pt(12)
    elif name.startswith("Heading"):
        level = int(name.split()[-1])
        font.size, font.bold = Pt({1: 16, 2: 14, 3: 12}.get(level, 12)), True
        fmt.space_before, fmt.space_after = Pt(12), Pt(6)
        fmt.keep_with_next = True
        outline = style.element.get_or_add_pPr()
        level_element = outline.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level - 1)})
        outline.append(level_element)
    elif name == QUOTE_STYLE:
        fmt.left_indent = fmt.right_indent = Cm(1.2)
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.line_spacing = 1.0
    elif name == "Footnote Text":
        font.size = Pt(10)
        fmt.space_after = Pt(2)
        fmt.line_spacing = 1.0
    elif name.startswith("TOC"):
        fmt.left_indent = Cm(0.6 * (int(name.split()[-1]) - 1))
        fmt.space_after = Pt(2)


def ensure_styles(document: DocumentObject) -> None:
    """Every style the brief uses exists (a template may lack any of them)."""
    _style(document, "Normal", WD_STYLE_TYPE.PARAGRAPH)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", QUOTE_STYLE, "Footnote Text",
                 "TOC 1", "TOC 2"):  # fmt: skip
        _style(document, name, WD_STYLE_TYPE.PARAGRAPH)
    _style(document, "Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    _style(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(6)
    link = document.styles["Hyperlink"]
    link.font.underline = True


def open_template(template: Path | None, rename: Pseudonymiser) -> DocumentObject:
    if template is None:
        document = Document()
    else:
        if not template.is_file():
            raise InvalidInput(f"{template}: no such template")
        try:
            document = Document(str(template))
        except Exception:
            raise InvalidInput(
                f"{template}: not a Word document (.docx) that can be read"
            ) from None
        body = document.element.body
        for child in list(body):  # keep the last section (letterhead headers and footers)
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        _unused_headers(document)
        _clear_notes(document)
    _drop_relationships(document)
    _headers_and_footers(document, rename)
    ensure_styles(document)
    return document


def set_properties(document: DocumentObject, title: str, author: str) -> None:
    """Document properties from the case (already pseudonymised), none from the template."""
    core = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    for name in ("subject", "keywords", "category", "comments", "content_status", "identifier",
                 "language", "version"):  # fmt: skip
        setattr(core, name, "")
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = now
    core.modified = now
    core.last_printed = now
    core.revision = 1
