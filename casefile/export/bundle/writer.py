"""Writing the bundle: lay out, assemble, save to a temporary file beside the target,
verify, then replace the target. A failure or a cancel leaves no file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from casefile.export.bundle.assemble import assemble
from casefile.export.bundle.options import BundleOptions, Cancelled, Progress, no_progress
from casefile.export.bundle.plan import Plan, plan_bundle
from casefile.export.bundle.verify import verify_bundle
from casefile.export.registry import usual_mode
from casefile.services import Case


@dataclass(frozen=True)
class BundleReport:
    path: Path
    pages: int
    documents: int
    passages: int
    warnings: tuple[str, ...]


def write_bundle(
    case: Case, path: Path, options: BundleOptions, progress: Progress = no_progress
) -> BundleReport:
    plan = plan_bundle(case, options, progress)
    try:
        return _write(plan, path, progress)
    finally:
        plan.close()


def _write(plan: Plan, path: Path, progress: Progress) -> BundleReport:
    out = assemble(plan, progress)
    handle, temporary = tempfile.mkstemp(prefix=".bundle-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    temp = Path(temporary)
    try:
        out.save(temp, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        out.close()
        usual_mode(temp)
        if not progress(1, 1, "Checking the bundle"):
            raise Cancelled
        warnings = verify_bundle(temp, plan)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return BundleReport(
        path, plan.total_pages, len(plan.entries), len(plan.passages),
        tuple(plan.warnings + warnings),
    )  # fmt: skip
