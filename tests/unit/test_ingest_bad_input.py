"""Bad input: a clear message naming the file and the reason, nothing stored, no network."""

from __future__ import annotations

import contextlib
import io
import socket
import zipfile
from pathlib import Path

import pytest

from casefile.domain.errors import ImportFailure, PasswordRequired
from casefile.ingest import ImportOptions, extract
from casefile.services import Case
from casefile.services.importing import prepare_import
from tests.documents import EMAIL, HTML_PAGE, make_docx, make_pdf

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY ext SYSTEM "http://attacker.example/secret">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Before &lol4; &ext; after</w:t></w:r></w:p></w:body></w:document>"""


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "damaged: not a readable PNG image"),
        (_zip({"hello.txt": b"hi"}), "unsupported file type (a ZIP package"),
        (b"PK\x03\x04garbage", "damaged or not a ZIP package"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "damaged or not a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Word/Office binary file"),
        (b"   \n\n \t \n", "holds no text"),
    ],
)
def test_bad_files_fail_clearly(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure) as raised:
        extract(data, "evidence.bin")
    assert str(raised.value).startswith("evidence.bin: ")
    assert reason in raised.value.reason


def test_xml_entities_are_never_expanded_or_fetched() -> None:
    data = _zip({
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": BILLION_LAUGHS,
    })  # fmt: skip
    try:
        result = extract(data, "laughs.docx")
    except ImportFailure as failure:
        assert "laughs.docx" in str(failure)
        return
    assert "lollollol" not in result.text
    assert "secret" not in result.text


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    data = _zip({"word/document.xml": b"<a>" + b" " * 50_000_000 + b"</a>"})
    with pytest.raises(ImportFailure, match="zip bomb"):
        extract(data, "bomb.docx")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(ImportFailure, match="too large"):
        prepare_import(path, options=ImportOptions(max_bytes=1000))


def test_a_user_password_is_asked_for_and_a_wrong_one_said(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from tests.unit.test_ingest_pdf_passwords import encrypted_pdf

    data = encrypted_pdf(tmp_path, "s3cret")
    with pytest.raises(PasswordRequired, match="needs a password"):
        extract(data, "locked.pdf")
    with pytest.raises(PasswordRequired, match="password is wrong"):
        extract(data, "locked.pdf", ImportOptions(password="guess"))
    assert "Locked testimony" in extract(data, "locked.pdf", ImportOptions(password="s3cret")).text


def test_a_pdf_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "slow.pdf", ["page"] * 40)
    with pytest.raises(ImportFailure, match="took longer than"):
        extract(path.read_bytes(), "slow.pdf", ImportOptions(pdf_time_limit=0.0001))


def test_a_failed_import_stores_nothing(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(ImportFailure):
        prepare_import(path)
    assert case.sources() == []


def test_no_importer_opens_a_network_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    documents = {
        "page.html": HTML_PAGE.encode("utf-8"),
        "mail.eml": EMAIL.encode("utf-8"),
        "decision.docx": make_docx(tmp_path / "d.docx").read_bytes(),
        "report.pdf": make_pdf(tmp_path / "r.pdf", ["one", "two"]).read_bytes(),
        "laughs.docx": _zip({"word/document.xml": BILLION_LAUGHS}),
    }
    for name, data in documents.items():
        with contextlib.suppress(ImportFailure):
            extract(data, name)
    assert attempts == []
