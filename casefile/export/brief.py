"""The Word brief (first version: the excerpt list; the dossier comes with the brief issue)."""

from __future__ import annotations

from pathlib import Path

from casefile.export.brief_options import BriefOptions, BriefReport
from casefile.export.docx_simple import write_excerpts_docx
from casefile.export.selection import select_evidence
from casefile.services import Case


def write_brief(case: Case, out: Path, options: BriefOptions) -> BriefReport:
    evidence = select_evidence(case, options.selection)
    count = write_excerpts_docx(evidence, out)
    return BriefReport(out, count, len({e.source_id for e in evidence.excerpts}))
