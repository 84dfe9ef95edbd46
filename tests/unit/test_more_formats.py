"""OpenDocument text, RTF and Outlook messages: text in order, notes, metadata, bad input."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind
from casefile.ingest import extract
from tests.documents import EN, KO, RU, make_docx

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:body><office:text>
<text:tracked-changes><text:changed-region><text:deletion><text:p>DELETED TEXT</text:p>
</text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Reasons for refusal</text:h>
<text:p>{EN}<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>Interview record, p. 4.</text:p></text:note-body></text:note></text:p>
<text:p>Two<text:s text:c="3"/>spaces<text:tab/>tab<text:line-break/>{RU}
<office:annotation><dc:creator>Counsel</dc:creator><dc:date>2016-01-01</dc:date>
<text:p>Check this date.</text:p></office:annotation></text:p>
<text:list><text:list-item><text:p>First point</text:p></text:list-item>
<text:list-item><text:p>{KO}</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Applicant</text:p></table:table-cell>
<table:table-cell><text:p>박철수</text:p></table:table-cell></table:table-row></table:table>
<text:section><text:p>Inside a section 𠜎.</text:p></text:section>
<text:p><draw:frame><draw:text-box><text:p>Text in a frame.</text:p></draw:text-box>
</draw:frame></text:p>
</office:text></office:body></office:document-content>"""
META = f"""<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta>
<dc:title>Decision KMS/2015/4471</dc:title><meta:initial-creator>Kestrian Migration Service
</meta:initial-creator><meta:creation-date>2015-12-14T10:00:00</meta:creation-date>
</office:meta></office:document-meta>"""


def _odt(content: str = CONTENT, meta: str = META) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("meta.xml", meta)
    return buffer.getvalue()


def test_odt_text_in_order_with_notes_comments_and_metadata() -> None:
    result = extract(_odt(), "decision.odt")
    text = result.text
    assert result.kind == "odt" and "DELETED TEXT" not in text
    order = ["Reasons for refusal", EN, "Two   spaces\ttab\n" + RU, "First point", KO,
             "Applicant", "박철수", "Inside a section 𠜎.", "Text in a frame.",
             "Interview record, p. 4.", "Check this date."]  # fmt: skip
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    kinds = {b.kind: text[b.start : b.end] for b in result.blocks if b.kind != BlockKind.PARAGRAPH}
    assert kinds[BlockKind.FOOTNOTE] == "Interview record, p. 4."
    assert kinds[BlockKind.COMMENT] == "Check this date."
    assert kinds[BlockKind.HEADING] == "Reasons for refusal"
    assert result.metadata.title == "Decision KMS/2015/4471"
    assert result.metadata.author == "Kestrian Migration Service"
    assert result.metadata.published == "2015-12-14"
    assert result.notices == ()


def test_odt_text_in_an_unknown_place_is_kept_with_a_notice() -> None:
    odd = CONTENT.replace(
        "<text:section>",
        "<text:unknown-wrapper><text:p>Hidden away</text:p></text:unknown-wrapper><text:section>",
    )
    result = extract(_odt(odd), "odd.odt")
    assert "Hidden away\n\nInside a section" in result.text
    (notice,) = result.notices
    assert "10 characters" in notice and "nothing is lost" in notice


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_odt(CONTENT[:-200]), "damaged XML"),
        (
            _odt(
                f"<office:document-content {NS}><office:body><office:text><text:p> </text:p>"
                "</office:text></office:body></office:document-content>"
            ),
            "holds no text",
        ),
    ],
)
def test_bad_odt(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        extract(data, "bad.odt")


RTF = (
    rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}"
    rb"{\info{\title Witness statement}{\author Mira Castell}}"
    rb"\f0 The witness confirms: two officers carried him to the van.\par "
    rb"\'d1\'e2\'e8\'e4\'e5\'f2\'e5\'eb\'fc \'ef\'ee\'e4\'f2\'e2\'e5\'f0\'e6\'e4\'e0\'e5\'f2.\par "
    rb"\u51613?\u51064?\u51060? \u54869?\u51064?\u54664?\u49845?\u45768?\u45796?.\par "
    rb"{\*\generator Hidden generator}}"
)


def test_rtf_in_its_code_page_with_unicode_escapes() -> None:
    result = extract(RTF, "statement.rtf")
    assert result.kind == "rtf"
    lines = result.text.strip().split("\n")
    assert lines == [
        "The witness confirms: two officers carried him to the van.",
        "Свидетель подтверждает.",
        "증인이 확인했습니다.",
    ]
    assert result.metadata.title == "Witness statement"
    assert "Hidden generator" not in result.text
    assert [b.label for b in result.blocks] == ["1", "2", "3"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_documents_saved_by_libreoffice_as_odt_and_rtf(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "decision.docx")
    for target in ("odt", "rtf"):
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--convert-to", target, "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        result = extract((tmp_path / f"decision.{target}").read_bytes(), f"decision.{target}")
        for piece in ("Reasons for refusal", EN, RU, KO, "Merged heading cell", "박철수"):
            assert piece in result.text, (target, piece)
        assert result.text.count("Merged heading cell") == 1
        assert not result.notices, result.notices


def _msg(attachments: list[tuple[str, str, bytes]] | None = None) -> bytes:
    from tests.msgfile import make_msg

    return make_msg(
        "Refusal letter", f"Dear Counsel,\r\n\r\n{EN}\r\n\r\n{KO}",
        "Mira Castell <mira@nrc.example>", "counsel@chambers.example",
        "Tue, 02 Feb 2016 10:15:00 +0100",
        attachments if attachments is not None else [("note.txt", "text/plain", RU.encode())],
    )  # fmt: skip


def test_an_outlook_message_with_an_attachment() -> None:
    result = extract(_msg(), "letter.msg")
    assert result.kind == "email"
    assert result.metadata.title == "Refusal letter"
    assert result.metadata.author.startswith("Mira Castell")
    assert result.metadata.published == "2016-02-02"
    assert EN in result.text and KO in result.text
    (attachment,) = result.attachments
    assert attachment.filename == "note.txt" and attachment.extracted.text == RU
    header = next(b for b in result.blocks if b.kind == BlockKind.HEADER)
    assert result.text[header.start : header.end].startswith("From: Mira Castell")


def test_an_outlook_message_is_recognised_without_its_suffix() -> None:
    assert extract(_msg([]), "letter").kind == "email"


@pytest.mark.parametrize("cut", [600, 2000, -700])
def test_a_damaged_outlook_message_is_refused(cut: int) -> None:
    data = _msg()
    with pytest.raises(ImportFailure) as raised:
        extract(data[:cut], "letter.msg")
    assert "Outlook message" in raised.value.reason or "damaged" in raised.value.reason
