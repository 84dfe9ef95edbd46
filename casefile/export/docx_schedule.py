"""The country information evidence schedule (FtT IAC Practice Direction 2024, para 10.6).

For each disputed issue, in order: the extracts relied upon, each marked as
supporting or contradicting, with its full citation, pinpoint and a hyperlink
to the source document. At most 12 pages: when it is longer (measured by
LibreOffice when it is installed, else estimated) the export warns.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx.document import Document as DocumentObject

from casefile.domain import model as m
from casefile.domain.builtins import ISSUE
from casefile.export.brief_model import printed_text
from casefile.export.brief_options import ExportOptions
from casefile.export.citation import Citer
from casefile.export.docx_parts import bookmark, cells, pieces, row, run, table
from casefile.export.docx_writer import Layout, _simple_table
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Expected, Written
from casefile.export.selection import SelectedEvidence

PAGE_LIMIT = 12
CHARS_PER_PAGE = 2600  # 12 pt, 1.5 spacing, A4, table of four columns: measured on the demo
WIDTHS = [1.0, 8.6, 5.0, 2.0]
MARKS = {
    m.Relation.SUPPORTS: "Supports",
    m.Relation.CONTRADICTS: "Contradicts",
    m.Relation.MENTIONS: "Mentions",
}


def issues(evidence: SelectedEvidence, options: ExportOptions) -> tuple[list[m.Record], bool]:
    """The disputed issues in order (their dates, then creation); else every linked record."""
    chosen = [
        r
        for r in evidence.records.values()
        if not options.selection.record_ids or r.id in options.selection.record_ids
    ]
    disputed = [r for r in chosen if r.type_key == ISSUE]
    if disputed:
        return sorted(disputed, key=lambda r: r.id), True
    return sorted(chosen, key=lambda r: r.id), False


def write_schedule(
    document: DocumentObject,
    evidence: SelectedEvidence,
    options: ExportOptions,
    citer: Citer,
    rename: Pseudonymiser,
    case_title: str,
) -> Written:
    layout = Layout(document, options, citer)
    layout.para(rename(options.title or case_title), style="Title")
    layout.para("Country information evidence schedule", style="Heading 1")
    layout.numbered(
        "This schedule sets out, for each disputed issue, the country information relied upon, "
        "with a full citation, pinpoint and a link to each source (Practice Direction, First-tier "
        "Tribunal (Immigration and Asylum Chamber), para 10.6)."
    )
    records, are_issues = issues(evidence, options)
    if not are_issues:
        layout.written.warnings.append(
            "no record of type 'Disputed issue': the schedule lists every record instead"
        )
    counter = 0
    for index, record in enumerate(records, start=1):
        linked = [
            (e, next(k.relation for k in e.links if k.record_id == record.id))
            for e in evidence.excerpts
            if any(k.record_id == record.id for k in e.links)
        ]
        if not linked:
            continue
        layout.heading(f"Issue {index}: {rename(record.title)}", 2)
        for key in ("question", "position"):
            if record.fields.get(key):
                layout.numbered(rename(record.fields[key]))
        tbl = table(layout.body, ["No.", "Extract relied upon", "Source, pinpoint and link",
                                  "Bears on the issue"], WIDTHS)  # fmt: skip
        for excerpt, relation in linked:
            counter += 1
            source = evidence.sources[excerpt.source_id]
            exhibit = evidence.exhibits[source.id]
            text, _altered = printed_text(excerpt, rename)
            key = f"_cfq{excerpt.id}_s{counter}"
            number, extract, cited, mark = cells(row(layout.body, tbl, WIDTHS))
            run(number, str(counter), size_pt=10)
            run(extract, "\u201c", size_pt=10)
            ident = bookmark(extract, layout.body, key, True)
            run(extract, text, source.language, size_pt=10)
            bookmark(extract, layout.body, ident, False)
            run(extract, "\u201d", size_pt=10)
            cite_key = f"_cfc{excerpt.id}_s{counter}"
            ident = bookmark(cited, layout.body, cite_key, True)
            pieces(cited, document.part, citer.full_pieces(source, excerpt.pinpoint, exhibit), 9)
            bookmark(cited, layout.body, ident, False)
            run(mark, MARKS.get(relation, str(relation)), bold=True, size_pt=10)
            layout.written.expected.append(
                Expected(key, text, exhibit, excerpt.pinpoint, rename(source.title))
            )
            layout.written.count += 1
        if options.matrix:
            _matrix(layout, evidence, record, rename)
    layout.signature(rename(options.prepared_by))
    layout.finish(rename(options.title or case_title), rename(options.prepared_by))
    layout.written.exhibits = len({e.exhibit for e in layout.written.expected})
    return layout.written


def _matrix(
    layout: Layout, evidence: SelectedEvidence, record: m.Record, rename: Pseudonymiser
) -> None:
    from casefile.export.brief_model import _matrices

    found = _matrices(evidence, [record], rename)
    if found:
        layout.para("Claims set against the testimony that contradicts them:", italic=True)
        _simple_table(
            layout,
            ["Claim", "Reference", "Contradicting testimony", "Reference"],
            [[r.claim, r.claim_ref, r.testimony, r.testimony_ref] for r in found[0].rows],
            [5.6, 2.4, 5.6, 2.4],
        )


def measure_pages(path: Path) -> int | None:
    """Pages as LibreOffice lays the document out, or None when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "profile"
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", folder, str(path)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
        pdf = Path(folder) / (path.stem + ".pdf")
        if not pdf.is_file():
            return None
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return len(document)
        finally:
            document.close()


def estimate_pages(written: Written, characters: int) -> int:
    return 1 + (characters + 250 * written.count) // CHARS_PER_PAGE


def page_warning(pages: int, measured: bool) -> str | None:
    if pages <= PAGE_LIMIT:
        return None
    how = "as LibreOffice lays it out" if measured else "estimated"
    return (
        f"the schedule runs to {pages} pages ({how}); Practice Direction para 10.6 allows "
        f"{PAGE_LIMIT}: choose fewer extracts or issues"
    )
