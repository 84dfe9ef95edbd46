"""The Word brief and the evidence schedule: exporters for the registry.

``write_brief`` (the older entry point) runs the full verified export.
"""

from __future__ import annotations

from pathlib import Path

from casefile.export.brief_model import build_brief
from casefile.export.brief_options import BriefReport, ExportOptions
from casefile.export.bundle.hooks import with_bundle_refs, with_translations
from casefile.export.citation import Citer
from casefile.export.docx_schedule import (
    estimate_pages,
    measure_pages,
    page_warning,
    write_schedule,
)
from casefile.export.docx_template import open_template
from casefile.export.docx_writer import write_brief as lay_out_brief
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Progress, Written
from casefile.export.selection import select_evidence
from casefile.services import Case


def _links_warning(citer: Citer, written: Written) -> None:
    for exhibit in sorted(citer.withheld_links):
        written.warnings.append(
            f"the link of exhibit {exhibit} contains a pseudonymised name: it is withheld "
            f"(\u201c[link withheld \u2014 Exhibit {exhibit}]\u201d)"
        )


def _near_misses(case: Case, rename: Pseudonymiser, texts: list[str], written: Written) -> None:
    found: set[str] = set()
    for text in texts:
        found |= rename.near_misses(text)
    for word in sorted(found):
        written.warnings.append(
            f"{word!r} looks like a pseudonymised name but is not one of its forms: "
            "add it as a variant (NAME|VARIANT=ALIAS) if it is the same person"
        )


def write_brief_docx(
    case: Case, out: Path, options: ExportOptions, rename: Pseudonymiser, progress: Progress | None
) -> Written:
    evidence = with_bundle_refs(case, select_evidence(case, options.selection), options)
    evidence = with_translations(case, evidence)
    types = {t.id: t for t in case.record_types()}
    model = build_brief(evidence, options, types, rename)
    document = open_template(options.template, rename)
    citer = Citer(options.citation_style, rename)
    written = lay_out_brief(document, model, options, citer, progress)
    document.save(str(out))
    _links_warning(citer, written)
    if rename:
        texts = [e.exact for e in evidence.excerpts] + [e.note for e in evidence.excerpts]
        texts += [r.title + " " + r.note + " " + " ".join(r.fields.values()) for r in model.records]
        _near_misses(case, rename, texts, written)
    return written


def write_schedule_docx(
    case: Case, out: Path, options: ExportOptions, rename: Pseudonymiser, progress: Progress | None
) -> Written:
    evidence = with_bundle_refs(case, select_evidence(case, options.selection), options)
    document = open_template(options.template, rename)
    citer = Citer(options.citation_style, rename)
    written = write_schedule(document, evidence, options, citer, rename, case.title)
    document.save(str(out))
    _links_warning(citer, written)
    measured = measure_pages(out) if options.measure_pages else None
    characters = sum(len(e.text) + 200 for e in written.expected)
    written.pages = measured if measured is not None else estimate_pages(written, characters)
    warning = page_warning(written.pages, measured is not None)
    if warning:
        written.warnings.append(warning)
    if rename:
        _near_misses(case, rename, [e.exact for e in evidence.excerpts], written)
    return written


def write_brief(case: Case, out: Path, options: ExportOptions) -> BriefReport:
    """Export through the registry (verified, then put in place): the brief, or the format
    ``options.format`` names (the GUI's export dialog sets it)."""
    from casefile.export.registry import export

    result = export(case, options.format, out, options)
    return BriefReport(out, result.count, result.exhibits, result.warnings)
