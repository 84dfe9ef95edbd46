"""The importer registry: one module per format, each registering one :class:`Importer`.

:func:`find` picks the importer for a file by its content first (``sniff``, in
order of ``priority``) and its name second; the plain-text importer is the
last resort. The CLI's help and the GUI's file-dialog filters list
:func:`importers`, so a new format is one module plus one ``register`` call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from casefile.domain.text import ExtractedText
from casefile.ingest.options import ImportOptions

Extract = Callable[[bytes, str, ImportOptions], ExtractedText]
Sniff = Callable[[bytes, str], bool]


def _never(_data: bytes, _filename: str) -> bool:
    return False


@dataclass(frozen=True)
class Importer:
    """One format. ``label`` empty: a format that is recognised only to be refused clearly."""

    name: str  # "pdf", "docx", ...
    label: str  # what a file dialog shows: "PDF documents"
    suffixes: tuple[str, ...]  # ".pdf", lower case, with the dot
    media_types: tuple[str, ...]
    extract: Extract
    sniff: Sniff = field(default=_never)  # recognises the content (cheap: looks at the head)
    priority: int = 50  # lower is asked first
    listed: bool = True  # shown in help and file dialogs


_IMPORTERS: dict[str, Importer] = {}
# The modules of the built-in formats; each registers itself when imported.
# A new built-in format: add its module here.
BUILTIN_MODULES = ("pdf", "docx", "email", "html", "office", "plaintext")
_loaded = False


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for name in BUILTIN_MODULES:
            importlib.import_module(f"casefile.ingest.{name}")


def register(importer: Importer) -> Importer:
    """Add (or replace, by name) an importer."""
    _IMPORTERS[importer.name] = importer
    return importer


def importers() -> list[Importer]:
    """Every registered importer, in the order they are asked."""
    _load_builtins()
    return sorted(_IMPORTERS.values(), key=lambda i: (i.priority, i.name))


def get(name: str) -> Importer:
    _load_builtins()
    return _IMPORTERS[name]


def find(data: bytes, filename: str) -> Importer | None:
    """The importer for this content (sniffed) or else this name (suffix)."""
    ordered = importers()
    for importer in ordered:
        if importer.sniff(data, filename):
            return importer
    name = filename.lower()
    for importer in ordered:
        if importer.suffixes and name.endswith(importer.suffixes):
            return importer
    return None


def listed() -> list[Importer]:
    return [i for i in importers() if i.listed and i.label]


def supported_formats() -> str:
    """For messages and help: "PDF, DOCX, ... and EML"."""
    names = [i.suffixes[0].lstrip(".").upper() for i in listed() if i.suffixes]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def file_dialog_filters() -> list[tuple[str, list[str]]]:
    """(label, glob patterns) pairs for a file dialog, "All documents" first."""
    pairs = [(i.label, [f"*{s}" for s in i.suffixes]) for i in listed() if i.suffixes]
    everything = sorted({p for _, patterns in pairs for p in patterns})
    return [("All documents", everything), *pairs]
