"""Importing files: read with limits, extract (pure), store (one operation)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from casefile.domain.errors import ImportFailure
from casefile.domain.text import SourceMetadata
from casefile.ingest import ImportOptions, extract
from casefile.services.source_ops import NewSource


def read_file(path: Path, options: ImportOptions) -> bytes:
    name = str(path)
    if not path.exists():
        raise ImportFailure(name, "no such file")
    if path.is_dir():
        raise ImportFailure(name, "is a folder, not a document")
    size = path.stat().st_size
    if size > options.max_bytes:
        raise ImportFailure(
            name, f"too large ({size / 1e6:.0f} MB; the limit is {options.max_bytes / 1e6:.0f} MB)"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportFailure(name, f"cannot be read ({error.strerror})") from None


def prepare_import(
    path: Path,
    metadata: SourceMetadata | None = None,
    options: ImportOptions | None = None,
) -> NewSource:
    """Read and extract a file. Pure work: safe on a worker thread, stores nothing."""
    options = options or ImportOptions()
    if metadata is not None and metadata.language and not options.recognition.languages:
        # OCR reads the document's own language when the user gave it
        recognition = replace(options.recognition, languages=(metadata.language,))
        options = replace(options, recognition=recognition)
    data = read_file(path, options)
    try:
        extracted = extract(data, path.name, options)
    except ImportFailure as failure:  # name the file as the user gave it
        raise type(failure)(str(path), failure.reason) from None
    return NewSource(path.name, data, extracted, metadata or SourceMetadata())
