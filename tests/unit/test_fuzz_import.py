"""Fuzzing the importers with mutated real documents: every input ends in exit 0 or 1, a
failure is exactly one line on stderr, no traceback, and nothing is stored on failure.

Seeds: the corpus files ($CASEFILE_CORPUS) for DOCX, PDF, HTML and text, plus
e-mails (with PDF and DOCX attachments), REFI-QDA projects, ODT and RTF made here.
Mutations: bit flips, truncation, damage inside zip members and to the zip
directory, and nesting (deep markup, e-mails inside e-mails, a damaged
document attached to an e-mail). Deterministic (fixed seeds) and bounded: the
whole test takes well under three minutes here; most cases run the CLI in
this process, a few in real subprocesses.
"""

from __future__ import annotations

import contextlib
import io
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.services import Case
from tests.unit.test_more_formats import RTF, _msg, _odt
from tests.unit.test_refi_lenient import _project, _qdpx

Mutation = Callable[[bytes, random.Random], bytes]


def flip(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.choice((1, 4, 32))):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(len(data), 2))]


def _zip_member(data: bytes, rng: random.Random) -> tuple[bytearray, zipfile.ZipInfo] | None:
    try:
        infos = [i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.compress_size > 8]
    except zipfile.BadZipFile:
        return None
    return (bytearray(data), rng.choice(infos)) if infos else None


def damage_member(data: bytes, rng: random.Random) -> bytes:
    """Bytes changed inside one member's compressed data; the directory stays intact."""
    found = _zip_member(data, rng)
    if found is None:
        return flip(data, rng)
    damaged, info = found
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for _ in range(8):
        damaged[start + rng.randrange(info.compress_size)] ^= 0xFF
    return bytes(damaged)


def damage_directory(data: bytes, rng: random.Random) -> bytes:
    """A lying central directory: sizes, offsets or the entry count changed."""
    damaged = bytearray(data)
    at = data.rfind(b"PK\x01\x02")
    if at < 0:
        return flip(data, rng)
    field = rng.choice((20, 24, 42, 10))  # compressed size, size, local offset, method
    damaged[at + field : at + field + 4] = rng.choice((b"\xff\xff\xff\x7f", b"\x00\x00\x00\x00"))
    return bytes(damaged)


def _mail(subject: str, attachments: list[tuple[str, str, bytes]]) -> EmailMessage:
    message = EmailMessage(policy=default)
    message["From"] = "a@example.org"
    message["To"] = "b@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 02 Feb 2016 10:15:00 +0100"
    message.set_content(f"{subject}: the refusal letter is attached.")
    for name, mime, data in attachments:
        main_type, sub_type = mime.split("/")
        message.add_attachment(data, maintype=main_type, subtype=sub_type, filename=name)
    return message


def nest(data: bytes, rng: random.Random) -> bytes:
    """The document nested: deep markup around text, or e-mails inside e-mails."""
    if data.lstrip()[:1] == b"<":
        depth = rng.choice((300, 3000))
        return b"<html><body>" + b"<div>" * depth + data + b"</div>" * depth + b"</body></html>"
    message = _mail("inner", [("inner.bin", "application/octet-stream", data)])
    for level in range(rng.choice((3, 12))):
        outer = _mail(f"level {level}", [])
        outer.add_attachment(message)
        message = outer
    return bytes(message.as_bytes())


def attach(data: bytes, rng: random.Random) -> bytes:
    """A damaged document attached to an e-mail: the e-mail still imports, or one line."""
    return bytes(
        _mail(
            "with attachment", [("doc.docx", "application/octet-stream", flip(data, rng))]
        ).as_bytes()
    )


ZIP_MUTATIONS: list[Mutation] = [flip, truncate, damage_member, damage_directory, attach]
FLAT_MUTATIONS: list[Mutation] = [flip, flip, truncate, nest]
ROUNDS = 2  # each mutation twice per seed (different random choices)


def _seeds(corpus: Path, tmp: Path) -> Iterator[tuple[str, bytes, list[Mutation]]]:
    for path in sorted((corpus / "docx").glob("*.docx")):
        yield path.name, path.read_bytes(), ZIP_MUTATIONS
    for path in sorted((corpus / "pdf").glob("*.pdf")):
        yield path.name, path.read_bytes(), [flip, truncate]
    for folder in ("html", "text"):
        for path in sorted((corpus / folder).glob("*.*")):
            if path.stat().st_size < 200_000:
                yield path.name, path.read_bytes(), FLAT_MUTATIONS
    pdf = (corpus / "pdf" / "pdfjs-xref_command_missing.pdf").read_bytes()
    docx = (corpus / "docx" / "pandoc-notes-footnote-endnote.docx").read_bytes()
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    mail = _mail("Refusal", [("refusal.pdf", "application/pdf", pdf), ("notes.docx", word, docx)])
    yield "letter.eml", bytes(mail.as_bytes()), [flip, flip, truncate, nest]
    yield "project.qdpx", _qdpx(_project("red", "0.0", "11")), ZIP_MUTATIONS
    yield "decision.odt", _odt(), ZIP_MUTATIONS
    yield "statement.rtf", RTF, [flip, flip, truncate]
    yield "letter.msg", _msg([("notes.docx", word, docx)]), [flip, flip, truncate]


def _cases(corpus: Path, tmp: Path) -> list[tuple[str, bytes]]:
    rng = random.Random(20261125)
    made: list[tuple[str, bytes]] = []
    for name, data, mutations in _seeds(corpus, tmp):
        for number, mutation in enumerate(mutations * ROUNDS):
            mutated = mutation(data, rng)
            suffix = ".eml" if mutation in (nest, attach) and data.lstrip()[:1] != b"<" else ""
            made.append((f"{mutation.__name__}{number}-{name}{suffix}", mutated))
    return made


def _run_in_process(case_path: Path, path: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", str(case_path), str(path)])
    return code, err.getvalue()


def _count(case_path: Path) -> int:
    with Case.open(case_path) as case:
        return len(case.sources())


def _check(name: str, code: int, err: str, before: int, after: int) -> None:
    assert code in (0, 1), (name, code, err)
    assert "Traceback" not in err, (name, err)
    lines = err.splitlines()
    assert all(line.startswith("casefile: ") for line in lines), (name, err)
    if code == 1:
        assert len(lines) == 1, (name, err)
        assert name in lines[0] or "already in this case file" in lines[0], (name, err)
        assert after == before, (name, "stored something on failure")
    else:
        assert after > before, (name, "exit 0 but nothing stored")


def test_mutated_documents_fail_cleanly_or_import(corpus_dir: Path, tmp_path: Path) -> None:
    case_path = tmp_path / "fuzz.casefile"
    Case.create(case_path).close()
    outcomes = {0: 0, 1: 0}
    for name, data in _cases(corpus_dir, tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        before = _count(case_path)
        code, err = _run_in_process(case_path, path)
        _check(name, code, err, before, _count(case_path))
        outcomes[code] += 1
        path.unlink()
    # both outcomes occur: the mutations are neither all harmless nor all fatal
    assert outcomes[0] > 10 and outcomes[1] > 10, outcomes


@pytest.mark.parametrize(
    ("seed", "mutation"),
    [("docx/pandoc-comments-nested-multipara.docx", damage_member),
     ("html/chardet-ru-windows-1251-no-charset.html", nest),
     ("pdf/unstructured-korean-text-with-tables.pdf", flip)],
)  # fmt: skip
def test_mutated_documents_in_a_real_process(
    corpus_dir: Path, tmp_path: Path, seed: str, mutation: Mutation
) -> None:
    data = mutation((corpus_dir / seed).read_bytes(), random.Random(7))
    path = tmp_path / Path(seed).name
    path.write_bytes(data)
    case_path = tmp_path / "fuzz.casefile"
    Case.create(case_path).close()
    result = subprocess.run(
        [sys.executable, "-m", "casefile", "import", str(case_path), str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    _check(path.name, result.returncode, result.stderr, 0, _count(case_path))
