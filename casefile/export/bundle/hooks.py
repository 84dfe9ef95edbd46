"""Light entry points to the bundle for the registry and the brief: they import the
typesetting and PDF libraries (fpdf2, pikepdf, Pillow) only when a bundle is made, so
``casefile --help``, the brief and every other export start without them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casefile.export.brief_options import ExportOptions
    from casefile.export.pseudonyms import Pseudonymiser
    from casefile.export.registry import Progress, Written
    from casefile.export.selection import SelectedEvidence
    from casefile.services import Case


def write_bundle_pdf(
    case: Case, out: Path, options: ExportOptions, rename: Pseudonymiser,
    progress: Progress | None,
) -> Written:  # fmt: skip
    from casefile.export.bundle import exporter

    return exporter.write_bundle_pdf(case, out, options, rename, progress)


def verify_bundle_pdf(path: Path, written: Written, rename: Pseudonymiser) -> None:
    from casefile.export.bundle import exporter

    exporter.verify_bundle_pdf(path, written, rename)


def with_bundle_refs(
    case: Case, evidence: SelectedEvidence, options: ExportOptions
) -> SelectedEvidence:
    """The evidence with bundle pinpoints ("AB 14, para 7") when ``--bundle-refs`` asks."""
    if not options.bundle_refs:
        return evidence
    from casefile.export.bundle import exporter

    return exporter.with_bundle_refs(case, evidence, options)


def with_translations(case: Case, evidence: SelectedEvidence) -> SelectedEvidence:
    """The evidence with each quotation's translated passage, where its source has one."""
    import dataclasses

    from casefile.services.translation_ops import translated_passages

    found = translated_passages(case, evidence.excerpts)
    return dataclasses.replace(evidence, translations=found) if found else evidence
