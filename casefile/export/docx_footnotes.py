"""Real Word footnotes for python-docx, which has no API for them.

Uses the template's footnotes part (turned into an XmlPart: python-docx loads it
as bytes, and notes added to a parsed copy were never saved — the cause of
empty and wrong citations with templates) or adds one with Word's separator
and continuation footnotes. A note's text may hold hyperlinks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from casefile.export.citation import Piece
from casefile.export.docx_parts import el, pieces
from casefile.export.docx_template import _as_xml_part

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_EMPTY = f"""<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class Footnotes:
    def __init__(self, document: Document) -> None:
        self.document = document
        part = _as_xml_part(document, RELATIONSHIP_TYPE.FOOTNOTES)
        if part is None:
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE,
                parse_xml(_EMPTY),
                document.part.package,
            )
            document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.part = part
        self.root = part.element
        ids = [int(n.get(qn("w:id"))) for n in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1
        styles = {s.name: s.style_id for s in document.styles}
        self.reference_style = styles.get("Footnote Reference", "FootnoteReference")
        self.text_style = styles.get("Footnote Text", "FootnoteText")
        self.count = 0  # the number Word shows: notes are numbered in order

    def add(self, paragraph: Any, text: Iterable[Piece]) -> int:
        """Append a footnote reference to ``paragraph``; returns the note's shown number."""
        number = self.next_id
        self.next_id += 1
        self.count += 1
        reference = el("w:r", paragraph)
        el("w:rStyle", el("w:rPr", reference), val=self.reference_style)
        el("w:footnoteReference", reference, id=str(number))
        note = el("w:footnote", self.root, id=str(number))
        p = el("w:p", note)
        el("w:pStyle", el("w:pPr", p), val=self.text_style)
        mark = el("w:r", p)
        el("w:rStyle", el("w:rPr", mark), val=self.reference_style)
        el("w:footnoteRef", mark)
        pieces(p, self.part, [Piece(" "), *text])
        return self.count
