"""The importer registry: dispatch by content, then name; lists for help and file dialogs."""

from __future__ import annotations

import pytest

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest import ImportOptions, extract, registry


def test_every_listed_format_has_a_label_suffixes_and_a_filter() -> None:
    filters = registry.file_dialog_filters()
    label, everything = filters[0]
    assert label == "All documents"
    for importer in registry.listed():
        assert importer.label and importer.suffixes
        assert (importer.label, [f"*{s}" for s in importer.suffixes]) in filters
        assert all(f"*{s}" in everything for s in importer.suffixes)
    names = {i.name for i in registry.listed()}
    assert {"pdf", "docx", "html", "email", "text"} <= names


def test_supported_formats_names_each_listed_format_once() -> None:
    text = registry.supported_formats()
    for importer in registry.listed():
        assert importer.suffixes[0].lstrip(".").upper() in text


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7\n", "x.txt", "pdf"),  # content wins over the name
        (b"<!DOCTYPE html><p>x", "notes.txt", "html"),
        (b"From: a@b\nSubject: s\n\nbody", "mail", "email"),
        (b"plain words", "x.html", "html"),  # the name decides when the content does not
        (b"plain words", "x.unknown", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.doc", "office-binary"),
    ],
)
def test_find_by_content_then_name(data: bytes, name: str, kind: str | None) -> None:
    found = registry.find(data, name)
    assert (found.name if found else None) == kind


def test_a_registered_importer_is_used_by_extract() -> None:
    def extract_fake(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
        return ExtractedText(data.decode()[6:], "fake", "application/x-fake")

    saved = dict(registry._IMPORTERS)
    try:
        registry.register(
            registry.Importer(
                "fake", "Fake files", (".fake",), ("application/x-fake",), extract_fake,
                lambda data, _name: data.startswith(b"FAKE1:"), priority=5,
            )
        )  # fmt: skip
        assert extract(b"FAKE1:hello", "a.bin").text == "hello"
        assert ("Fake files", ["*.fake"]) in registry.file_dialog_filters()
        assert "FAKE" in registry.supported_formats()
    finally:
        registry._IMPORTERS.clear()
        registry._IMPORTERS.update(saved)
    with pytest.raises(ImportFailure, match="unsupported file type"):
        extract(b"FAKE1:\x00\x01\x02\x03" * 50, "a.bin")
