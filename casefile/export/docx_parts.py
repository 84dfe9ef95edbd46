"""The WordprocessingML pieces the brief and the schedule are built from, as raw OXML.

python-docx inserts each paragraph and table row with a scan of what is already
there, so a 50,000-quotation brief took quadratic time; these helpers append in
constant time (before the body's final ``sectPr``) and build table rows
directly. Also here: bookmarks (how the verifier finds each quotation),
hyperlinks, fields (TOC, PAGE) and page set-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches

from casefile.export.brief_options import Paper
from casefile.export.citation import Piece

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
EAST_ASIAN_FONT = "Malgun Gothic"  # Word's Korean UI font; LibreOffice falls back to Nanum/Noto
PAPER = {Paper.A4: (Cm(21.0), Cm(29.7)), Paper.LETTER: (Inches(8.5), Inches(11))}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Element = object  # an lxml element (python-docx's CT_* classes)


def el(tag: str, parent: object | None = None, **attrs: str) -> object:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    if parent is not None:
        parent.append(element)  # type: ignore[attr-defined]
    return element


class Body:
    """Appends paragraphs and tables to a document's body in constant time."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        body = document.element.body
        self.end = body.find(qn("w:sectPr"))
        if self.end is None:
            self.end = el("w:sectPr", body)
        self.bookmark_id = 0
        self.styles = {s.name: s.style_id for s in document.styles}

    def style_id(self, name: str) -> str:
        return self.styles.get(name, name.replace(" ", ""))

    def add(self, element: object) -> object:
        self.end.addprevious(element)  # type: ignore[attr-defined]
        return element

    def paragraph(self, style: str = "", parent: object | None = None) -> object:
        p = el("w:p")
        if style:
            el("w:pStyle", el("w:pPr", p), val=self.style_id(style))
        if parent is None:
            self.add(p)
        else:
            parent.append(p)  # type: ignore[attr-defined]
        return p

    def next_bookmark(self) -> str:
        self.bookmark_id += 1
        return str(self.bookmark_id)


def properties(p: object) -> object:
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)  # type: ignore[attr-defined]
    return ppr


def run(
    p: object,
    text: str,
    language: str = "",
    bold: bool = False,
    italic: bool = False,
    style_id: str = "",
    size_pt: float | None = None,
    color: str = "",
) -> object:
    """A run of text; line breaks become Word line breaks; the script sets fonts."""
    r = el("w:r", p)
    rpr = el("w:rPr", r)
    if style_id:
        el("w:rStyle", rpr, val=style_id)
    if HANGUL.search(text) or language.startswith("ko"):
        el("w:rFonts", rpr, eastAsia=EAST_ASIAN_FONT, hint="eastAsia")
    if bold:
        el("w:b", rpr)
    if italic:
        el("w:i", rpr)
    if color:
        el("w:color", rpr, val=color)
    if size_pt:
        el("w:sz", rpr, val=str(int(size_pt * 2)))
        el("w:szCs", rpr, val=str(int(size_pt * 2)))
    if HANGUL.search(text) or language.startswith("ko"):
        el("w:lang", rpr, val="ko-KR", eastAsia="ko-KR")
    elif CYRILLIC.search(text) or language.startswith("ru"):
        el("w:lang", rpr, val="ru-RU")
    if len(rpr) == 0:  # type: ignore[arg-type]
        r.remove(rpr)  # type: ignore[attr-defined]
    for index, line in enumerate(_INVALID_XML.sub("", text).split("\n")):
        if index:
            el("w:br", r)
        t = el("w:t", r)
        t.text = line  # type: ignore[attr-defined]
        t.set(qn("xml:space"), "preserve")  # type: ignore[attr-defined]
    return r


def bookmark(p: object, body: Body, name: str, start: bool) -> str:
    """Open a bookmark (returns its id) or, with start=False, close the one named by id."""
    if start:
        ident = body.next_bookmark()
        el("w:bookmarkStart", p, id=ident, name=name)
        return ident
    el("w:bookmarkEnd", p, id=name)
    return name


def hyperlink(p: object, part: Part, url: str, text: str, size_pt: float | None = None) -> None:
    rel_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", p)
    link.set(qn("r:id"), rel_id)  # type: ignore[attr-defined]
    run(link, text, style_id="Hyperlink", color="0563C1", size_pt=size_pt)


def pieces(p: object, part: Part, items: Iterable[Piece], size_pt: float | None = None) -> None:
    for piece in items:
        if piece.link:
            hyperlink(p, part, piece.link, piece.text, size_pt)
        else:
            run(p, piece.text, size_pt=size_pt)


def field(p: object, instruction: str, result: str = "") -> None:
    """A simple field with a result already written in (shown without an update)."""
    el("w:fldChar", el("w:r", p), fldCharType="begin")
    code = el("w:instrText", el("w:r", p))
    code.text = f" {instruction} "  # type: ignore[attr-defined]
    code.set(qn("xml:space"), "preserve")  # type: ignore[attr-defined]
    el("w:fldChar", el("w:r", p), fldCharType="separate")
    run(p, result)
    el("w:fldChar", el("w:r", p), fldCharType="end")


def field_begin(p: object, instruction: str) -> None:
    el("w:fldChar", el("w:r", p), fldCharType="begin")
    code = el("w:instrText", el("w:r", p))
    code.text = f" {instruction} "  # type: ignore[attr-defined]
    code.set(qn("xml:space"), "preserve")  # type: ignore[attr-defined]
    el("w:fldChar", el("w:r", p), fldCharType="separate")


def field_end(p: object) -> None:
    el("w:fldChar", el("w:r", p), fldCharType="end")


def table(
    body: Body,
    headers: list[str],
    widths_cm: list[float],
    style: str = "Table Grid",
) -> object:
    """A table with a header row that repeats on every page; fixed column widths."""
    tbl = el("w:tbl")
    tblpr = el("w:tblPr", tbl)
    if style in body.styles:
        el("w:tblStyle", tblpr, val=body.style_id(style))
    el("w:tblW", tblpr, w=str(int(sum(widths_cm) * 567)), type="dxa")
    el("w:jc", tblpr, val="center")
    borders = el("w:tblBorders", tblpr)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el(f"w:{side}", borders, val="single", sz="4", space="0", color="808080")
    el("w:tblLayout", tblpr, type="fixed")
    grid = el("w:tblGrid", tbl)
    for width in widths_cm:
        el("w:gridCol", grid, w=str(int(width * 567)))
    tbl.widths = widths_cm  # type: ignore[attr-defined]
    header = row(body, tbl, widths_cm)
    trpr = el("w:trPr")
    el("w:tblHeader", trpr)
    el("w:cantSplit", trpr)
    header.insert(0, trpr)  # type: ignore[attr-defined]
    for cell, text in zip(header, headers, strict=False):  # type: ignore[call-overload]
        if cell.tag == qn("w:tc"):
            run(cell.find(qn("w:p")), text, bold=True, size_pt=10)
    body.add(tbl)
    return tbl


def row(body: Body, tbl: object, widths_cm: list[float]) -> object:
    """A new row of empty cells (each with one paragraph); returns the w:tr."""
    tr = el("w:tr", tbl)
    for width in widths_cm:
        tc = el("w:tc", tr)
        el("w:tcW", el("w:tcPr", tc), w=str(int(width * 567)), type="dxa")
        p = el("w:p", tc)
        spacing = el("w:pPr", p)
        el("w:spacing", spacing, before="0", after="40", line="240", lineRule="auto")
    return tr


def cells(tr: object) -> list[object]:
    return [c.find(qn("w:p")) for c in tr if c.tag == qn("w:tc")]  # type: ignore[attr-defined]


def set_paper(document: DocumentObject, paper: Paper) -> None:
    width, height = PAPER[paper]
    for section in document.sections:
        landscape = (section.page_width or 0) > (section.page_height or 0)
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side in ("left_margin", "right_margin"):
            if (getattr(section, side) or Emu(0)) < Cm(2.0):
                setattr(section, side, Cm(2.5))
