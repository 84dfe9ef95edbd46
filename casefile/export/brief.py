"""The Word brief: a dossier built from the case's records, tags and excerpts."""

from __future__ import annotations

from pathlib import Path

from casefile.export.brief_model import build_brief
from casefile.export.brief_options import BriefOptions, BriefReport
from casefile.export.docx_writer import write_docx
from casefile.export.selection import select_evidence
from casefile.services import Case


def write_brief(case: Case, out: Path, options: BriefOptions) -> BriefReport:
    evidence = select_evidence(case, options.selection)
    types = {t.id: t for t in case.record_types()}
    model = build_brief(evidence, options, types)
    quotations = write_docx(model, out, options.template)
    return BriefReport(out, quotations, len(model.exhibits))
