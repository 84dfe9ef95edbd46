"""Containers Casefile recognises only to refuse them with a useful message:
old binary Office files, password-protected Office files, other ZIP packages."""

from __future__ import annotations

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register, supported_formats
from casefile.ingest.safezip import SafeZip, is_zip

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse_ole(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFailure(
            filename,
            "password-protected document: remove the password in "
            "Word (File › Info › Protect Document) and import it again",
        )
    raise ImportFailure(
        filename, "unsupported: an old Word/Office binary file; save it as .docx and import that"
    )


def _refuse_zip(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
    SafeZip(data, filename)  # a damaged package is reported as such
    raise ImportFailure(
        filename, f"unsupported file type (a ZIP package; Casefile reads {supported_formats()})"
    )


register(
    Importer(
        "office-binary", "", (".doc", ".xls", ".ppt"), (), _refuse_ole,
        lambda data, _name: data.startswith(OLE), priority=25, listed=False,
    )
)  # fmt: skip
register(
    Importer(
        "zip", "", (".zip",), (), _refuse_zip, lambda data, _name: is_zip(data), 25, listed=False
    )
)
