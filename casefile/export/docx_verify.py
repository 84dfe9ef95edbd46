"""Verifies a written brief or schedule by unzipping it: never through python-docx.

- no pseudonymised name in any form in any part (body, footnotes, endnotes,
  headers, footers, comments, properties, relationships' link targets) or in a
  file name inside the package;
- every quotation the case expects is there (a bookmark ``_cfq…``), reads as
  the stored excerpt, and has exactly one citation — one footnote in its
  paragraph, or one citation bookmark ``_cfc…`` beside it, not both — which
  names its own source, its exhibit number and its pinpoint;
- no quotation the case does not have; exhibit index numbers as the case says.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from casefile.domain.errors import ExportCheckFailed
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Written
from casefile.export.verify import (
    W,
    by_key,
    check_citation,
    check_names,
    check_quotation,
    package_parts,
    package_texts,
)


def _bookmarked(root: etree._Element, prefix: str) -> dict[str, tuple[str, etree._Element]]:
    """Text inside each bookmark whose name starts with ``prefix``, and its paragraph."""
    found: dict[str, tuple[str, etree._Element]] = {}
    for paragraph in root.iter(f"{W}p"):
        open_marks: dict[str, str] = {}  # id -> name
        pieces: dict[str, list[str]] = {}
        for element in paragraph.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
            if element.tag == f"{W}bookmarkStart":
                name = element.get(f"{W}name", "")
                if name.startswith(prefix):
                    if name in found or name in pieces:
                        raise ExportCheckFailed("quotation", f"bookmark {name}", "it is twice")
                    open_marks[element.get(f"{W}id", "")] = name
                    pieces[name] = []
            elif element.tag == f"{W}bookmarkEnd":
                open_marks.pop(element.get(f"{W}id", ""), None)
            else:
                for name in open_marks.values():
                    pieces[name].append(element.text or "")
        for name, texts in pieces.items():
            found[name] = ("".join(texts), paragraph)
    return found


def _notes(parts: dict[str, etree._Element]) -> dict[str, str]:
    root = parts.get("word/footnotes.xml")
    if root is None:
        return {}
    return {
        note.get(f"{W}id", ""): "".join(t.text or "" for t in note.iter(f"{W}t"))
        for note in root.iter(f"{W}footnote")
    }


def verify_brief(path: Path, written: Written, rename: Pseudonymiser) -> None:
    check_names(package_texts(path), rename)
    parts = package_parts(path)
    document = parts.get("word/document.xml")
    if document is None:
        raise ExportCheckFailed("readable", "word/document.xml", "the main part is missing")
    notes = _notes(parts)
    quotations = _bookmarked(document, "_cfq")
    citations = _bookmarked(document, "_cfc")
    expected = by_key(written.expected)
    for key in quotations:
        if key not in expected:
            raise ExportCheckFailed("quotation", f"bookmark {key}", "not an excerpt of the case")
    for key, wanted in expected.items():
        where = f"quotation {key[1:]}"
        if key not in quotations:
            raise ExportCheckFailed("quotation", where, "missing from the document")
        text, paragraph = quotations[key]
        check_quotation(text, wanted, where)
        references = [r.get(f"{W}id", "") for r in paragraph.iter(f"{W}footnoteReference")]
        beside = citations.get("_cfc" + key[4:])
        if len(references) + (1 if beside else 0) != 1:
            count = len(references) + (1 if beside else 0)
            raise ExportCheckFailed("citation", where, f"{count} citations instead of one")
        if references:
            if references[0] not in notes or not notes[references[0]].strip():
                raise ExportCheckFailed("citation", where, "its footnote is empty or missing")
            citation = notes[references[0]]
        else:
            citation = beside[0] if beside else ""
        check_citation(citation, wanted, where)
    for name, (text, _p) in _bookmarked(document, "_cfx").items():
        if text.strip() != name[4:]:
            raise ExportCheckFailed("exhibit", f"exhibit index row {name[4:]}", f"shows {text!r}")
