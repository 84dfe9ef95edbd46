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
from typing import Any

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


def el(tag: str, parent: Any | None = None, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    if parent is not None:
        parent.append(element)
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
        return str(self.styles.get(name) or name.replace(" ", ""))

    def add(self, element: Any) -> Any:
        self.end.addprevious(element)
        return element

    def paragraph(self, style: str = "", parent: Any | None = None) -> Any:
        p = el("w:p")
        if style:
            el("w:pStyle", el("w:pPr", p), val=self.style_id(style))
        if parent is None:
            self.add(p)
        else:
            parent.append(p)
        return p

    def next_bookmark(self) -> str:
        self.bookmark_id += 1
        return str(self.bookmark_id)


def properties(p: Any) -> Any:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


def run(
    p: Any,
    text: str,
    language: str = "",
    bold: bool = False,
    italic: bool = False,
    style_id: str = "",
    size_pt: float | None = None,
    color: str = "",
    mono: bool = False,
) -> Any:
    """A run of text; line breaks become Word line breaks; the script sets fonts."""
    r = el("w:r", p)
    rpr = el("w:rPr", r)
    if style_id:
        el("w:rStyle", rpr, val=style_id)
    if mono:
        el("w:rFonts", rpr, ascii="Courier New", hAnsi="Courier New")
    elif HANGUL.search(text) or language.startswith("ko"):
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
    if len(rpr) == 0:
        r.remove(rpr)
    for index, line in enumerate(_INVALID_XML.sub("", text).split("\n")):
        if index:
            el("w:br", r)
        t = el("w:t", r)
        t.text = line
        t.set(qn("xml:space"), "preserve")
    return r


def bookmark(p: Any, body: Body, name: str, start: bool) -> str:
    """Open a bookmark (returns its id) or, with start=False, close the one named by id."""
    if start:
        ident = body.next_bookmark()
        el("w:bookmarkStart", p, id=ident, name=name)
        return ident
    el("w:bookmarkEnd", p, id=name)
    return name


def hyperlink(p: Any, part: Part, url: str, text: str, size_pt: float | None = None) -> None:
    rel_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", p)
    link.set(qn("r:id"), rel_id)
    run(link, text, style_id="Hyperlink", color="0563C1", size_pt=size_pt)


def pieces(p: Any, part: Part, items: Iterable[Piece], size_pt: float | None = None) -> None:
    for piece in items:
        if piece.link:
            hyperlink(p, part, piece.link, piece.text, size_pt)
        else:
            run(p, piece.text, size_pt=size_pt)


def field(p: Any, instruction: str, result: str = "") -> None:
    """A simple field with a result already written in (shown without an update)."""
    el("w:fldChar", el("w:r", p), fldCharType="begin")
    code = el("w:instrText", el("w:r", p))
    code.text = f" {instruction} "
    code.set(qn("xml:space"), "preserve")
    el("w:fldChar", el("w:r", p), fldCharType="separate")
    run(p, result)
    el("w:fldChar", el("w:r", p), fldCharType="end")


def field_begin(p: Any, instruction: str) -> None:
    el("w:fldChar", el("w:r", p), fldCharType="begin")
    code = el("w:instrText", el("w:r", p))
    code.text = f" {instruction} "
    code.set(qn("xml:space"), "preserve")
    el("w:fldChar", el("w:r", p), fldCharType="separate")


def field_end(p: Any) -> None:
    el("w:fldChar", el("w:r", p), fldCharType="end")


def table(
    body: Body,
    headers: list[str],
    widths_cm: list[float],
    style: str = "Table Grid",
) -> Any:
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
    tbl.widths = widths_cm
    header = row(body, tbl, widths_cm)
    trpr = el("w:trPr")
    el("w:tblHeader", trpr)
    el("w:cantSplit", trpr)
    header.insert(0, trpr)
    for p, text in zip(cells(header), headers, strict=True):
        run(p, text, bold=True, size_pt=10)
    body.add(tbl)
    return tbl


def row(body: Body, tbl: Any, widths_cm: list[float]) -> Any:
    """A new row of empty cells (each with one paragraph); returns the w:tr."""
    tr = el("w:tr", tbl)
    for width in widths_cm:
        tc = el("w:tc", tr)
        el("w:tcW", el("w:tcPr", tc), w=str(int(width * 567)), type="dxa")
        p = el("w:p", tc)
        spacing = el("w:pPr", p)
        el("w:spacing", spacing, before="0", after="40", line="240", lineRule="auto")
    return tr


def cells(tr: Any) -> list[object]:
    return [c.find(qn("w:p")) for c in tr if c.tag == qn("w:tc")]


def set_paper(document: DocumentObject, paper: Paper) -> None:
    width, height = PAPER[paper]
    for section in document.sections:
        landscape = (section.page_width or 0) > (section.page_height or 0)
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side in ("left_margin", "right_margin"):
            if (getattr(section, side) or Emu(0)) < Cm(2.0):
                setattr(section, side, Cm(2.5))
