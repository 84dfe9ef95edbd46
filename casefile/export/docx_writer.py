"""Lays a BriefModel out as a Word document: title page, TOC, summary, chronology,
evidence with footnoted citations, exhibit index."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from casefile.domain.errors import InvalidInput
from casefile.export.brief_model import ALTERED, BriefModel, Quotation
from casefile.export.docx_footnotes import Footnotes

QUOTE_STYLE = "Block Quotation"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
EAST_ASIAN_FONT = "Malgun Gothic"  # Word's Korean UI font; LibreOffice falls back to Nanum/Noto


def _language(run: Run, text: str, language: str = "") -> None:
    """Tell the word processor the script, so it picks the right fonts and proofing."""
    properties = run._r.get_or_add_rPr()
    if HANGUL.search(text) or language.startswith("ko"):
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.set(qn("w:hint"), "eastAsia")
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "ko-KR")
        lang.set(qn("w:val"), "ko-KR")
        properties.append(lang)
    elif CYRILLIC.search(text) or language.startswith("ru"):
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "ru-RU")
        properties.append(lang)


def add_text(paragraph: Paragraph, text: str, language: str = "", **style: bool) -> Run:
    """Add ``text`` keeping its line breaks as Word line breaks."""
    run = paragraph.add_run()
    for index, line in enumerate(text.split("\n")):
        if index:
            run.add_break()
        run.add_text(line)
    run.bold = style.get("bold")
    run.italic = style.get("italic")
    _language(run, text, language)
    return run


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    char("separate")
    paragraph.add_run(placeholder).italic = True
    char("end")


def _prepare(template: Path | None) -> DocumentObject:
    if template is None:
        document = Document()
    else:
        if not template.is_file():
            raise InvalidInput(f"{template}: no such template")
        try:
            document = Document(str(template))
        except Exception as error:
            raise InvalidInput(f"{template}: not a Word document ({error})") from None
        body = document.element.body
        for child in list(body):  # keep the section (letterhead headers and footers)
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    styles = document.styles
    if QUOTE_STYLE not in {s.name for s in styles}:
        quote = styles.add_style(QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        quote.base_style = styles["Normal"]
        quote.paragraph_format.left_indent = Cm(1.2)
        quote.paragraph_format.right_indent = Cm(1.2)
        quote.paragraph_format.space_before = Pt(6)
        quote.paragraph_format.space_after = Pt(4)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    return document


def _table(
    document: DocumentObject,
    headers: list[str],
    rows: list[list[str]],
    widths_cm: list[float] | None = None,
    font_pt: float | None = None,
    mono_column: int | None = None,
) -> Table:
    table: Table = document.add_table(rows=1, cols=len(headers))
    table.style = (
        document.styles["Table Grid"] if "Table Grid" in {s.name for s in document.styles} else None
    )
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = add_text(cell.paragraphs[0], header, bold=True)
        if font_pt:
            run.font.size = Pt(font_pt)
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            run = add_text(cell.paragraphs[0], value)
            if font_pt:
                run.font.size = Pt(font_pt)
            if column == mono_column:
                run.font.name = "Courier New"
                run.font.size = Pt(7)
    if widths_cm:
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def _quotation(document: DocumentObject, notes: Footnotes, quote: Quotation, style: object) -> None:
    paragraph = document.add_paragraph(style=style)  # type: ignore[arg-type]
    if quote.relation:
        label = paragraph.add_run(f"[{quote.relation}] ")
        label.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        label.font.size = Pt(9)
    add_text(paragraph, f"\u201c{quote.text}\u201d", quote.language)
    if quote.altered:
        paragraph.add_run(f" {ALTERED}").italic = True
    notes.add(paragraph, quote.citation)
    if quote.note:
        comment = document.add_paragraph()
        comment.paragraph_format.left_indent = Cm(1.2)
        add_text(comment, "Note: ", bold=True)
        add_text(comment, quote.note, italic=True)


def _landscape(document: DocumentObject) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    if section.page_width < section.page_height:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.8)


def write_docx(model: BriefModel, out: Path, template: Path | None = None) -> int:
    """Write the brief; returns the number of quotations (and so of footnotes)."""
    document = _prepare(template)
    notes = Footnotes(document)
    rename = model.rename
    title = document.add_paragraph(style="Title")
    add_text(title, model.title)
    for line in (
        f"Prepared by {model.prepared_by}" if model.prepared_by else "",
        date.today().strftime("%-d %B %Y"),
        model.confidentiality,
    ):
        if line:
            add_text(document.add_paragraph(), line, italic=line == model.confidentiality)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Contents", level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "Right-click here and choose Update Field to build the table of contents.",
    )

    document.add_heading("Case summary", level=1)
    for record in model.records:
        document.add_heading(rename(record.title), level=2)
        record_type = model.record_types.get(record.type_id)
        labels = {f.key: f.label for f in record_type.fields} if record_type else {}
        rows = [["Type", record.type_name]] + ([["Date", record.date]] if record.date else [])
        rows += [[labels.get(k, k), rename(v)] for k, v in record.fields.items()]
        _table(document, ["Field", "Value"], rows, [4.5, 11.5])
        if record.note:
            add_text(document.add_paragraph(), rename(record.note), italic=True)

    document.add_heading("Chronology", level=1)
    _table(
        document,
        ["Date", "Event or evidence", "Reference"],
        [[r.date, r.what, r.reference] for r in model.chronology],
        [3.1, 8.0, 4.9],
    )

    document.add_heading("Evidence", level=1)
    count = 0
    quote_style = document.styles[QUOTE_STYLE]  # once: a lookup by name scans every style
    for group in model.groups:
        document.add_heading(group.heading, level=2)
        if group.intro:
            add_text(document.add_paragraph(), group.intro, italic=True)
        for label, quotes in group.subgroups:
            if label:
                document.add_heading(label, level=3)
            for quote in quotes:
                _quotation(document, notes, quote, quote_style)
                count += 1

    _landscape(document)
    document.add_heading("Exhibit index", level=1)
    _table(
        document,
        [
            "No.",
            "Title",
            "Publisher",
            "Date",
            "Kind",
            "Pages",
            "SHA-256 of the original file",
            "URL",
        ],
        [
            [
                str(x.number),
                rename(x.source.title),
                rename(x.source.publisher or x.source.author),
                x.source.published,
                x.source.kind.upper(),
                str(x.source.pages or ""),
                x.source.sha256[:32] + "\n" + x.source.sha256[32:],
                x.source.url,
            ]
            for x in model.exhibits
        ],
        [1.0, 5.2, 3.4, 2.0, 1.3, 1.3, 5.4, 5.1],
        font_pt=8,
        mono_column=6,
    )
    for paragraph in document.paragraphs[:1]:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    try:
        document.save(str(out))
    except OSError as error:
        raise InvalidInput(f"{out}: cannot be written ({error.strerror})") from None
    return count
