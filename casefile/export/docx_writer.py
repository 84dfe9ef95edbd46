"""Lays a BriefModel out as a Word document a tribunal accepts.

A4 (or US Letter), 12 pt and 1.5 line spacing, page numbers in the footer,
numbered paragraphs for the lawyer's own text, a table of contents whose
entries are written into the field's result, tables whose header rows repeat,
a signature and date block, document properties from the case. Each quotation
is wrapped in a bookmark and carries exactly one footnote: its citation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm

from casefile.export.brief_model import BriefModel, Quotation, reference
from casefile.export.brief_options import ExportOptions
from casefile.export.citation import Citer, written_date
from casefile.export.docx_footnotes import Footnotes
from casefile.export.docx_parts import (
    Body,
    bookmark,
    cells,
    el,
    field,
    field_begin,
    field_end,
    hyperlink,
    properties,
    row,
    run,
    set_paper,
    table,
)
from casefile.export.docx_template import QUOTE_STYLE, set_properties
from casefile.export.registry import Expected, Progress, Written

GREY = "555555"


class Layout:
    """Shared by the brief and the schedule: headings (for the TOC), numbered paragraphs,
    quotations with their one citation, signature block, footer page numbers."""

    def __init__(self, document: DocumentObject, options: ExportOptions, citer: Citer) -> None:
        self.document = document
        self.options = options
        set_paper(document, options.paper)  # first: tables are fitted to the text width
        self.body = Body(document)
        self.notes = Footnotes(document)
        self.citer = citer
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.number = 0
        self.written = Written(0)

    def heading(self, text: str, level: int) -> None:
        p = self.body.paragraph(f"Heading {level}")
        name = f"_Toc{len(self.headings) + 1:07d}"
        ident = bookmark(p, self.body, name, True)
        run(p, text)
        bookmark(p, self.body, ident, False)
        if level <= 2:
            self.headings.append((level, text, name))

    def para(self, text: str = "", italic: bool = False, style: str = "") -> Any:
        p = self.body.paragraph(style)
        if text:
            run(p, text, italic=italic)
        return p

    def numbered(self, text: str, italic: bool = False) -> Any:
        """The lawyer's own text: numbered paragraphs (1., 2., ...) with a hanging indent."""
        self.number += 1
        p = self.body.paragraph()
        ppr = properties(p)
        el("w:spacing", ppr, before="120")
        el("w:ind", ppr, left="567", hanging="567")
        run(p, f"{self.number}.\t")
        run(p, text, italic=italic)
        return p

    def quotation(self, quote: Quotation, full: bool = False) -> None:
        """A block quotation without marks, or an inline one with marks; one footnote."""
        if quote.repeat_of:
            p = self.para()
            if quote.relation:
                run(p, f"[{quote.relation}] ", size_pt=9, color=GREY)
            words = " ".join(quote.text.split()[:8])
            run(p, f"See the quotation above (\u201c{words}\u2026\u201d), "
                f"{reference(quote.exhibit, quote.excerpt.pinpoint)}.", italic=True)  # fmt: skip
            return
        if quote.relation:
            label = self.para()
            el("w:keepNext", properties(label))  # the label stays with its quotation
            run(label, f"[{quote.relation}]", size_pt=9, color=GREY)
        p = self.body.paragraph(QUOTE_STYLE if quote.block else "")
        if not quote.block:
            el("w:ind", properties(p), left="680")
            run(p, "\u201c")
        ident = bookmark(p, self.body, quote.key, True)
        run(p, quote.text, quote.language)
        bookmark(p, self.body, ident, False)
        if not quote.block:
            run(p, "\u201d")
        note = self.notes.count + 1
        pin = quote.excerpt.pinpoint
        cited = (
            self.citer.full_pieces(quote.source, pin, quote.exhibit)
            if full
            else self.citer.cite(quote.source, pin, quote.exhibit, note)
        )
        self.notes.add(p, cited)
        self.written.expected.append(
            Expected(
                quote.key, quote.text, quote.exhibit, pin, self.citer.rename(quote.source.title)
            )
        )
        self.written.count += 1
        if quote.translation:
            translated = self.para()
            el("w:ind", properties(translated), left="680")
            run(translated, "Translation: ", bold=True, size_pt=10)
            run(translated, " ".join(quote.translation.split()), italic=True, size_pt=10)
        if quote.note:
            comment = self.para()
            el("w:ind", properties(comment), left="680")
            run(comment, "Note: ", bold=True, size_pt=10)
            run(comment, quote.note, italic=True, size_pt=10)

    def contents(self, anchor: Any) -> None:
        """The TOC field, its result written in (LibreOffice shows it without an update)."""
        entries = self.headings or [(1, "(no headings)", "")]
        previous = anchor
        paragraphs = []
        for level, text, name in entries:
            p = el("w:p")
            el("w:pStyle", el("w:pPr", p), val=self.body.style_id(f"TOC {level}"))
            previous.addnext(p)
            previous = p
            paragraphs.append((p, text, name))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        field_begin(first, 'TOC \\o "1-2" \\h \\z \\u')
        for p, text, name in paragraphs:
            if name:
                link = el("w:hyperlink", p, anchor=name)
                link.set(qn("w:history"), "1")
                run(link, text)
            else:
                run(p, text)
        field_end(last)

    def signature(self, signed_by: str) -> None:
        day = self.options.signed_on or date.today().isoformat()
        for text in ("", "Signed: ______________________________",
                     signed_by or "Counsel for the Appellant"):  # fmt: skip
            el("w:keepNext", properties(self.para(text)))  # the block stays on one page
        self.para(f"Dated: {written_date(day)}")

    def footer_page_numbers(self) -> None:
        for index, section in enumerate(self.document.sections):
            footer = section.footer
            if footer.is_linked_to_previous and index:
                continue
            xml = footer._element
            if any(" PAGE " in (t.text or "") for t in xml.iter(qn("w:instrText"))):
                continue
            p = el("w:p", xml)
            el("w:jc", el("w:pPr", p), val="center")
            run(p, "Page ")
            field(p, "PAGE", "1")
            run(p, " of ")
            field(p, "NUMPAGES", "1")

    def landscape(self) -> None:
        """A new landscape section (for the wide exhibit index)."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        if (section.page_width or 0) < (section.page_height or 0):
            section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.8)
        set_paper(self.document, self.options.paper)
        self.body = _continue(self.body, self.document)

    def finish(self, title: str, author: str) -> None:
        set_paper(self.document, self.options.paper)
        self.footer_page_numbers()
        set_properties(self.document, title, author)


def _continue(body: Body, document: DocumentObject) -> Body:
    """After a section break the body's end marker is the same; keep the counters."""
    fresh = Body(document)
    fresh.bookmark_id = body.bookmark_id
    return fresh


def write_brief(
    document: DocumentObject,
    model: BriefModel,
    options: ExportOptions,
    citer: Citer,
    progress: Progress | None = None,
) -> Written:
    """Lay the brief out into ``document`` (a prepared template); returns what to verify."""
    layout = Layout(document, options, citer)
    rename = model.rename
    layout.para(model.title, style="Title")
    for line in (
        f"Prepared by {model.prepared_by}" if model.prepared_by else "",
        written_date(options.signed_on or date.today().isoformat()),
        model.confidentiality,
    ):
        if line:
            layout.para(line, italic=line == model.confidentiality)
    el("w:br", el("w:r", layout.para()), type="page")
    contents_title = layout.para("Contents", style="Heading 1")
    layout.heading("Case summary", 1)
    for record in model.records:
        layout.heading(rename(record.title), 2)
        record_type = model.record_types.get(record.type_id)
        labels = {f.key: f.label for f in record_type.fields} if record_type else {}
        rows = [["Type", record.type_name]] + ([["Date", record.date]] if record.date else [])
        rows += [[labels.get(k, k), rename(v)] for k, v in record.fields.items() if v]
        _simple_table(layout, ["Field", "Value"], rows, [4.5, 11.5])
        if record.note and options.include_notes:
            layout.numbered(rename(record.note))

    layout.heading("Chronology", 1)
    if model.chronology:
        _simple_table(
            layout,
            ["Date", "Fact", "Status", "Reference"],
            [[r.date, r.what, r.status, r.reference] for r in model.chronology],
            [2.6, 7.9, 2.6, 2.9],
        )
    else:
        layout.para("No dated facts: give excerpts a fact date to list them here.", italic=True)

    if model.matrices:
        layout.heading("Evidence matrix", 1)
        for matrix in model.matrices:
            layout.heading(matrix.heading, 2)
            _simple_table(
                layout,
                ["Claim", "Reference", "Contradicting testimony", "Reference"],
                [[r.claim, r.claim_ref, r.testimony, r.testimony_ref] for r in matrix.rows],
                [5.6, 2.4, 5.6, 2.4],
            )

    layout.heading("Evidence", 1)
    total = sum(len(q) for g in model.groups for _l, q in g.subgroups)
    done = 0
    for group in model.groups:
        layout.heading(group.heading, 2)
        if group.intro and options.include_notes:
            layout.numbered(group.intro)
        for label, quotes in group.subgroups:
            if label:
                layout.heading(label, 3)
            for quote in quotes:
                layout.quotation(quote)
                done += 1
                if progress and done % 200 == 0:
                    progress(done, total)
    layout.signature(model.prepared_by)

    if model.exhibits:
        layout.landscape()
        layout.heading("Exhibit index", 1)
        widths = [1.0, 5.8, 3.6, 2.4, 1.2, 1.4, 5.6, 5.1]
        tbl = table(layout.body, ["No.", "Title", "Publisher", "Date", "Kind", "Pages",
                                  "SHA-256 of the original file", "Link"], widths,
                    header_pt=8)  # fmt: skip
        for exhibit in model.exhibits:
            source = exhibit.source
            values = [
                str(exhibit.number),
                rename(source.title),
                rename(citer._fields(source)["publisher"] or citer._fields(source)["author"]),
                written_date(citer._fields(source)["published"]),
                source.kind.upper(),
                str(source.pages or ""),
                source.sha256[:32] + "\n" + source.sha256[32:],
            ]
            tr = row(layout.body, tbl, widths)
            parts = cells(tr)
            for column, (p, value) in enumerate(zip(parts, values, strict=False)):
                if column == 0:
                    ident = bookmark(p, layout.body, f"_cfx{exhibit.number}", True)
                    run(p, value, size_pt=8)
                    bookmark(p, layout.body, ident, False)
                else:
                    run(p, value, size_pt=7 if column == 6 else 8, mono=column == 6)
            url_pieces = citer._url(source.url, exhibit.number)
            for piece in url_pieces:
                if piece.link:
                    hyperlink(parts[7], document.part, piece.link, piece.text, size_pt=7)
                else:
                    run(parts[7], piece.text, size_pt=7)
            layout.written.exhibits += 1
            layout.written.index[exhibit.number] = values[1]
    layout.contents(contents_title)
    layout.finish(model.title, model.prepared_by)
    return layout.written


def _simple_table(
    layout: Layout, headers: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    tbl = table(layout.body, headers, widths)
    for values in rows:
        for p, value in zip(cells(row(layout.body, tbl, widths)), values, strict=False):
            run(p, value, size_pt=10)
