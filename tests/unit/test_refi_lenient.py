"""REFI-QDA projects with odd values import what they can, with a notice per item."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.domain.errors import ImportFailure
from casefile.ingest.refi_qda import read_project
from casefile.services import Case

TEXT = "The officer said he would be sent back. He refused to sign."


def _project(code_color: str, start: str, end: str, extra_sources: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Odd">
 <CodeBook><Codes>
  <Code guid="c1" name="Threat" color="{code_color}" isCodable="true"/>
  <Code guid="c2" name="Refusal" color="#00ff00" isCodable="true"/>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="s1" name="Interview" plainTextPath="internal://s1.txt">
   <PlainTextSelection guid="x1" startPosition="{start}" endPosition="{end}">
    <Coding guid="k1"><CodeRef targetGUID="c1"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="x2" startPosition="40" endPosition="58">
    <Coding guid="k2"><CodeRef targetGUID="c2"/></Coding>
   </PlainTextSelection>
  </TextSource>
  {extra_sources}
 </Sources>
</Project>""".encode()


def _qdpx(project: bytes, files: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project)
        archive.writestr("sources/s1.txt", TEXT.encode())
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("color", "expected", "repaired"),
    [("#FF0000", "#ff0000", False), ("red", "#ff0000", True), ("#f00", "#ff0000", False),
     ("ff0000", "#ff0000", True), ("#ff0000cc", "#ff0000", True), ("reddish", "#9e9e9e", True),
     ("", "#9e9e9e", False)],
)  # fmt: skip
def test_odd_colours_are_read_or_repaired_with_a_notice(
    color: str, expected: str, repaired: bool
) -> None:
    project = read_project(_qdpx(_project(color, "4", "11")), "odd.qdpx")
    assert project.codes[0].color == expected
    assert any("colour" in n for n in project.notices) == repaired


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [("4", "11", True), ("4.0", "11.0", True), ("0.0", "3", True), ("4.5", "11", False),
     ("x", "11", False), ("-1", "3", False), ("nan", "inf", False)],
)  # fmt: skip
def test_odd_positions(start: str, end: str, kept: bool) -> None:
    project = read_project(_qdpx(_project("#ff0000", start, end)), "odd.qdpx")
    selections = project.sources[0].selections
    assert len(selections) == (2 if kept else 1)
    assert any("positions" in n for n in project.notices) != kept


def test_the_cli_imports_what_it_can_and_never_an_empty_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = (
        '<TextSource guid="s2" name="Blank"><PlainTextContent>  </PlainTextContent></TextSource>'
    )
    broken = '<TextSource guid="s3" name="Odd text" plainTextPath="internal://s3.txt"/>'
    data = _qdpx(
        _project("red", "0.0", "11.0", empty + broken), {"sources/s3.txt": bytes(range(256)) * 4}
    )
    path = tmp_path / "odd.qdpx"
    path.write_bytes(data)
    case_path = tmp_path / "c.casefile"
    Case.create(case_path).close()
    assert main(["import", str(case_path), str(path)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "'Blank' has no text" in err and "colour 'red'" in err
    with Case.open(case_path) as case:
        sources = case.sources()
        assert [s.title for s in sources] == ["Interview"]
        assert all(case.text(s.id).strip() for s in sources)
        excerpts = case.excerpts()
    assert sorted(e.exact for e in excerpts) == ["He refused to sign", "The officer"]


@pytest.mark.parametrize(
    "project",
    [
        b"<Project xmlns='urn:QDA-XML:project:1.0'><Sources><TextSource/></Sources></Project>",
        b"<Project xmlns='urn:QDA-XML:project:1.0'><CodeBook><Codes><Code/></Codes></CodeBook>"
        b"</Project>",
        b"<Project xmlns='urn:QDA-XML:project:1.0'><Sources><TextSource name='a'>"
        b"<PlainTextContent>abc</PlainTextContent><PlainTextSelection/></TextSource></Sources>"
        b"</Project>",
        b"<Project xmlns='urn:QDA-XML:project:1.0'>"
        + b"<x>" * 5000
        + b"</x>" * 5000
        + b"</Project>",
        b"not xml at all",
    ],
)
def test_malformed_projects_are_one_clean_line(
    project: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.qde"
    path.write_bytes(project)
    case_path = tmp_path / "c.casefile"
    Case.create(case_path).close()
    code = main(["import", str(case_path), str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err
    if code:
        assert len(err.strip().splitlines()) == 1 and err.startswith("casefile: ")


def test_a_damaged_member_of_a_qdpx_is_reported() -> None:
    data = bytearray(_qdpx(_project("#ff0000", "4", "11")))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("project.qde")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    for i in range(start, start + 30):
        data[i] ^= 0x33
    with pytest.raises(ImportFailure, match="damaged"):
        read_project(bytes(data), "bad.qdpx")
