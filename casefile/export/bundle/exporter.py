"""The bundle as a registered exporter (CONTRACTS §4), and bundle pinpoints for the brief.

``write`` lays the bundle out and saves it to the registry's temporary file;
``verify`` re-reads that file with PDFium against the layout; the registry then
puts it in place (or leaves nothing). ``with_bundle_refs`` gives the brief and
the schedule the pinpoints of the bundle built from the same case and options.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from casefile.export.brief_options import ExportOptions
from casefile.export.bundle.assemble import assemble
from casefile.export.bundle.options import DEFAULT_TITLE, BundleOptions, Progress
from casefile.export.bundle.plan import Plan, plan_bundle
from casefile.export.bundle.verify import verify_bundle
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Progress as RegistryProgress
from casefile.export.registry import Written
from casefile.export.selection import SelectedEvidence
from casefile.services import Case


@dataclass
class BundleWritten(Written):
    plan: Plan | None = None


def bundle_options(options: ExportOptions) -> BundleOptions:
    return BundleOptions(
        selection=options.selection,
        title=options.title or DEFAULT_TITLE,
        prefix=options.bundle_prefix,
        prepared_by=options.prepared_by,
        date=options.signed_on,
    )


def _progress(report: RegistryProgress | None) -> Progress:
    def progress(done: int, total: int, _what: str) -> bool:
        if report is not None:
            report(done, total)
        return True

    return progress


def write_bundle_pdf(
    case: Case,
    out: Path,
    options: ExportOptions,
    _rename: Pseudonymiser,
    progress: RegistryProgress | None,
    cancel_progress: Progress | None = None,
) -> Written:
    chosen = cancel_progress or _progress(progress)
    plan = plan_bundle(case, bundle_options(options), chosen)
    try:
        pdf = assemble(plan, chosen)
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        pdf.close()
    finally:
        plan.close()
    return BundleWritten(
        count=len(plan.passages), exhibits=len([e for e in plan.entries if not e.translation]),
        warnings=list(plan.warnings), pages=plan.total_pages, plan=plan,
    )  # fmt: skip


def verify_bundle_pdf(path: Path, written: Written, _rename: Pseudonymiser) -> None:
    assert isinstance(written, BundleWritten) and written.plan is not None
    written.warnings += verify_bundle(path, written.plan)


def bundle_refs(case: Case, options: ExportOptions) -> dict[int, str]:
    """Excerpt id -> "AB 14, para 7", as the bundle of the same case and options prints it."""
    plan = plan_bundle(case, bundle_options(options), render=False)
    try:
        return {p.excerpt.id: plan.ref(p) for p in plan.passages}
    finally:
        plan.close()


def with_bundle_refs(
    case: Case, evidence: SelectedEvidence, options: ExportOptions
) -> SelectedEvidence:
    """The evidence with bundle pinpoints instead of the sources' own (when asked)."""
    if not options.bundle_refs:
        return evidence
    refs = bundle_refs(case, options)
    excerpts = [
        dataclasses.replace(e, pinpoint=refs[e.id]) if refs.get(e.id) else e
        for e in evidence.excerpts
    ]
    return dataclasses.replace(evidence, excerpts=excerpts)
