"""E-mail attachments become sources of their own, linked to the e-mail, undone as one step."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.ingest import extract
from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from tests.documents import EN, KO, make_docx, make_pdf

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _mail(subject: str, body: str, attachments: list[tuple[str, str, bytes]]) -> EmailMessage:
    message = EmailMessage(policy=default)
    message["From"] = "Mira Castell <mira@nrc.example>"
    message["To"] = "counsel@chambers.example"
    message["Subject"] = subject
    message["Date"] = "Tue, 02 Feb 2016 10:15:00 +0100"
    message.set_content(body)
    for name, mime, data in attachments:
        main_type, sub_type = mime.split("/")
        message.add_attachment(data, maintype=main_type, subtype=sub_type, filename=name)
    return message


@pytest.fixture(scope="module")
def email_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("mail")
    pdf = make_pdf(folder / "refusal.pdf", [EN]).read_bytes()
    docx = make_docx(folder / "decision.docx").read_bytes()
    inner = _mail(
        "Fwd: the statement",
        f"Inner body. {KO}",
        [("inner.txt", "text/plain", b"Inner attachment text.")],
    )
    outer = _mail(
        "Refusal letter attached",
        "Dear Counsel, the refusal letter is attached.",
        [("refusal.pdf", "application/pdf", pdf), ("decision.docx",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx),
         ("photo.png", "image/png", PNG),
         ("data.bin", "application/octet-stream", bytes(range(256)) * 4)],
    )  # fmt: skip
    outer.add_attachment(inner)
    return bytes(outer.as_bytes())


def test_attachments_are_extracted_as_documents(email_bytes: bytes) -> None:
    result = extract(email_bytes, "letter.eml")
    names = [a.filename for a in result.attachments]
    assert names[:3] == ["refusal.pdf", "decision.docx", "photo.png"]
    kinds = {a.filename: a.extracted.kind for a in result.attachments}
    assert kinds["refusal.pdf"] == "pdf" and kinds["decision.docx"] == "docx"
    assert kinds["photo.png"] == "image"
    nested = next(a for a in result.attachments if a.extracted.kind == "email")
    assert "Inner body." in nested.extracted.text
    assert [a.filename for a in nested.extracted.attachments] == ["inner.txt"]
    assert "data.bin (application/octet-stream, 1024 bytes): not imported" in result.text
    assert any("'data.bin' was not imported" in n for n in result.notices)
    pdf = next(a for a in result.attachments if a.filename == "refusal.pdf")
    assert EN in pdf.extracted.text and pdf.extracted.page_map is not None


def test_stored_and_linked_and_undone_in_one_step(email_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "letter.eml"
    path.write_bytes(email_bytes)
    case = Case.create(tmp_path / "c.casefile")
    operation = ImportSource(prepare_import(path))
    applied = case.run(operation)
    email_id = applied.result
    assert email_id is not None
    children = case.attachments(email_id)
    assert len(children) == 4  # pdf, docx, image, nested e-mail
    assert all(case.attached_to(child) == email_id for child in children)
    nested = next(c for c in children if case.source(c).kind == "email")
    (inner_txt,) = case.attachments(nested)
    assert case.text(inner_txt) == "Inner attachment text."
    assert set(operation.attachment_ids) == {*children, inner_txt}
    pdf = next(c for c in children if case.source(c).kind == "pdf")
    assert case.page_map(pdf) is not None and EN in case.text(pdf)
    image = next(c for c in children if case.source(c).kind == "image")
    assert case.text(image) == "" and "OCR" in case.source(image).notices[0]
    assert applied.changes.sources == {email_id, *children, inner_txt}
    redo = case.run(applied.inverse)  # one undo removes the e-mail and everything in it
    assert case.sources() == []
    case.run(redo.inverse)
    assert len(case.sources()) == 6 and case.attachments(email_id) == children
    case.close()


def test_the_cli_prints_the_e_mail_and_its_attachments(
    email_bytes: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letter.eml"
    path.write_bytes(email_bytes)
    case_path = tmp_path / "c.casefile"
    Case.create(case_path).close()
    assert main(["import", str(case_path), str(path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.split()) == 6
    assert "letter.eml › photo.png: An image" in err
    assert "'data.bin' was not imported" in err
    # the same attachment again, in another e-mail: linked once, said so
    again = _mail("Again", "The same PDF again.", [])
    again.add_attachment(
        extract(path.read_bytes(), "x.eml").attachments[0].data,
        maintype="application", subtype="pdf", filename="refusal.pdf",
    )  # fmt: skip
    second = tmp_path / "again.eml"
    second.write_bytes(bytes(again.as_bytes()))
    assert main(["import", str(case_path), str(second)]) == 0
    assert "'refusal.pdf' is already source" in capsys.readouterr().err
