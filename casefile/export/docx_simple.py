"""A first Word export: each selected excerpt verbatim, with tags, note, records, citation."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from casefile.export.citation import citation
from casefile.export.selection import SelectedEvidence


def write_excerpts_docx(evidence: SelectedEvidence, out: Path) -> int:
    """Write the evidence to ``out``; returns the number of excerpts written."""
    document = Document()
    document.add_heading(evidence.case_title, level=0)
    for excerpt in evidence.excerpts:
        source = evidence.sources[excerpt.source_id]
        document.add_heading(source.title, level=2)
        quote = document.add_paragraph(style="Quote")
        quote.add_run(excerpt.exact)
        tags = ", ".join(evidence.tags[t].name for t in excerpt.tag_ids if t in evidence.tags)
        if tags:
            document.add_paragraph(f"Tags: {tags}")
        if excerpt.note:
            document.add_paragraph(f"Note: {excerpt.note}")
        for link in excerpt.links:
            record = evidence.records.get(link.record_id)
            if record:
                document.add_paragraph(f"{link.relation.capitalize()}: {record.title}")
        cite = document.add_paragraph()
        run = cite.add_run(citation(source, excerpt.pinpoint))
        run.font.size = Pt(9)
    document.save(str(out))
    return len(evidence.excerpts)
