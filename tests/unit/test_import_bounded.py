"""Only regular files are read, sizes are checked first, every bad input is one clean line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.domain.errors import ImportFailure
from casefile.ingest import ImportOptions, extract
from casefile.services import Case
from casefile.services.importing import prepare_import, read_file
from tests.documents import make_docx


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "c.casefile"
    Case.create(path).close()
    return path


def _sources(path: Path) -> int:
    with Case.open(path) as case:
        return len(case.sources())


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportFailure, match="not a regular file"):
        read_file(fifo, ImportOptions())  # would block forever if opened for reading


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_at_once(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip("no such device here")
    with pytest.raises(ImportFailure, match="not a regular file"):
        read_file(Path(device), ImportOptions())


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="folder"):
        read_file(tmp_path, ImportOptions())


def test_the_size_is_checked_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # a sparse file: reading it would take 300 MB
    with pytest.raises(ImportFailure, match="too large"):
        read_file(sparse, ImportOptions())


def test_a_file_name_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = os.fsencode(tmp_path) + b"/d\xe9cision\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(b"The decision was served on 2 May.")
    case_path = _case(tmp_path)
    assert main(["import", str(case_path), os.fsdecode(raw)]) == 0
    err = capsys.readouterr()
    assert "Traceback" not in err.err
    with Case.open(case_path) as case:
        (source,) = case.sources()
    assert source.filename == "d\ufffdcision\ufffd.txt"
    bad = os.fsencode(tmp_path) + b"/missing\xff.pdf"
    assert main(["import", str(case_path), os.fsdecode(bad)]) == 1
    assert "missing\ufffd.pdf: no such file" in capsys.readouterr().err


def _damage_member(data: bytes, member: str) -> bytes:
    """Flip bytes inside one deflated member's data, leaving the zip directory intact."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    header = 30 + len(info.filename.encode()) + len(info.extra)
    start = info.header_offset + header + 10
    damaged = bytearray(data)
    for i in range(start, min(start + 40, start + info.compress_size - 10)):
        damaged[i] ^= 0x5A
    return bytes(damaged)


def test_corrupt_compressed_data_inside_a_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "d.docx").read_bytes()
    for member in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        with pytest.raises(ImportFailure) as raised:
            extract(_damage_member(data, member), "d.docx")
        assert "damaged" in raised.value.reason


def test_too_many_zip_members_are_refused_before_listing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(20_001):
            archive.writestr(f"{i}", b"")
    with pytest.raises(ImportFailure, match="more than 20,000 parts"):
        extract(buffer.getvalue(), "many.docx")


def test_deeply_nested_email_is_one_clean_line(tmp_path: Path) -> None:
    message = b"From: a@example.org\nSubject: x\nContent-Type: text/plain\n\nbottom"
    for depth in range(400):
        message = (
            b"From: a@example.org\nSubject: nested\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n'
            b"Content-Type: message/rfc822\n\n" % (depth, depth) + message + b"\n--b%d--\n" % depth
        )
    path = tmp_path / "nested.eml"
    path.write_bytes(message)
    case_path = _case(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "casefile", "import", str(case_path), str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
    if result.returncode:
        assert len(result.stderr.strip().splitlines()) == 1
        assert _sources(case_path) == 0


def test_an_unexpected_error_in_an_importer_is_one_line_without_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casefile.ingest import plaintext

    def boom(data: bytes, filename: str) -> None:
        raise KeyError("SECRET DOCUMENT TEXT")

    monkeypatch.setattr(plaintext, "extract", boom)
    path = tmp_path / "a.txt"
    path.write_text("SECRET DOCUMENT TEXT")
    case_path = _case(tmp_path)
    assert main(["import", str(case_path), str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SECRET" not in err and "KeyError" in err
    assert _sources(case_path) == 0


def test_prepare_import_of_a_good_file_still_works(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "d.docx")
    assert "Reasons for refusal" in prepare_import(path).extracted.text


def test_lone_surrogates_become_replacement_characters_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casefile.domain.text import ExtractedText
    from casefile.ingest import plaintext

    def odd(data: bytes, filename: str) -> ExtractedText:
        return ExtractedText("a\ud800b\udfffc", "text", "text/plain")

    monkeypatch.setattr(plaintext, "extract", odd)
    assert extract(b"x", "a.txt").text == "a\ufffdb\ufffdc"


def test_prepare_import_turns_any_importer_error_into_one_clean_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.ingest import plaintext

    def boom(data: bytes, filename: str) -> None:
        raise ValueError("SECRET DOCUMENT TEXT")

    monkeypatch.setattr(plaintext, "extract", boom)
    path = tmp_path / "a.txt"
    path.write_text("x")
    with pytest.raises(ImportFailure) as raised:
        prepare_import(path)
    assert "SECRET" not in str(raised.value) and "ValueError" in raised.value.reason


def test_docx_text_in_an_unknown_container_is_kept_with_a_notice(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "d.docx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    document = source.read("word/document.xml").decode()
    wrapped = (
        "<w:unknownWrapper><w:p><w:r><w:t>Text in an unknown wrapper</w:t></w:r></w:p>"
        "</w:unknownWrapper>"
    )
    document = document.replace("<w:body>", "<w:body>" + wrapped, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            main_part = info.filename == "word/document.xml"
            out.writestr(info.filename, document if main_part else source.read(info.filename))
    result = extract(buffer.getvalue(), "odd.docx")
    assert result.text.startswith("Text in an unknown wrapper\n\nReasons for refusal")
    assert "22 characters" in result.notices[0] and "nothing is lost" in result.notices[0]
    assert not extract(data, "d.docx").notices
