"""Real Word footnotes for python-docx, which has no API for them.

Adds the footnotes part (with Word's separator and continuation footnotes),
its relationship and content type, the two footnote styles, and a function
that puts a numbered footnote reference at the end of a paragraph.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

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
        part = document.part
        existing = [
            r.target_part for r in part.rels.values() if r.reltype == RELATIONSHIP_TYPE.FOOTNOTES
        ]
        if existing:
            self.part = existing[0]
            self.root = (
                self.part.element if isinstance(self.part, XmlPart) else parse_xml(self.part.blob)
            )
        else:
            self.root = parse_xml(_EMPTY)
            self.part = XmlPart(
                PackURI("/word/footnotes.xml"), CONTENT_TYPE, self.root, part.package
            )
            part.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)
        ids = [int(n.get(qn("w:id"))) for n in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1
        self._styles()
        # looked up once: python-docx finds a style by name with a scan of every style
        self.reference_style = document.styles["Footnote Reference"].style_id
        self.text_style = document.styles["Footnote Text"].style_id

    def _styles(self) -> None:
        styles = self.document.styles
        names = {s.name for s in styles}
        if "Footnote Text" not in names:
            text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = styles["Normal"]
            text.font.size = Pt(9)
            text.paragraph_format.space_after = Pt(2)
        if "Footnote Reference" not in names:
            reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
            reference.font.superscript = True

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Append a footnote reference to ``paragraph`` whose note reads ``text``."""
        number = self.next_id
        self.next_id += 1
        reference_style, text_style = self.reference_style, self.text_style
        run = paragraph.add_run()
        properties = run._r.get_or_add_rPr()
        properties.append(properties.makeelement(qn("w:rStyle"), {qn("w:val"): reference_style}))
        reference = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(number)})
        run._r.append(reference)
        body = parse_xml(
            f'<w:footnote xmlns:w="{W}" w:id="{number}"><w:p>'
            f'<w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        text_run = body.find(qn("w:p")).findall(qn("w:r"))[-1]
        text_run.find(qn("w:t")).text = " " + text
        self.root.append(body)
        return number
