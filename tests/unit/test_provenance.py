"""Citation fields remember where they came from; citations print only the user's and the
document's own publication data — never a file's creation date or a tool's name."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from casefile.cli import main
from casefile.domain.provenance import Origin
from casefile.domain.text import ExtractedText, SourceMetadata
from casefile.export.brief import write_brief
from casefile.export.brief_options import ExportOptions
from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.provenance import import_origins
from casefile.services.source_ops import ImportSource
from tests.unit.brief_helpers import footnotes

TOOLS = ("python-docx", "LibreOffice", "Writer", "Microsoft Word")


def _python_docx_file(folder: Path) -> Path:
    path = folder / "statement.docx"
    document = Document()  # its core properties: creator "python-docx", created 2013-12-23
    document.add_paragraph("Witness statement of the cousin.")
    document.add_paragraph("He was taken from the airport by two officers in plain clothes.")
    document.save(str(path))
    return path


def _cite(case_path: Path, document: Path, out: Path) -> str:
    with Case.create(case_path, "Provenance") as case:
        source_id = case.run(ImportSource(prepare_import(document))).result
        assert source_id is not None
        text = case.text(source_id)
        start = text.index("He was taken")
        from casefile.services.excerpt_ops import CreateExcerpt

        case.run(CreateExcerpt(source_id, start, start + 40))
        write_brief(case, out, ExportOptions())
    return "\n".join(footnotes(out).values())


def test_a_python_docx_file_cites_no_tool_and_no_template_date(tmp_path: Path) -> None:
    source = _python_docx_file(tmp_path)
    note = _cite(tmp_path / "p.casefile", source, tmp_path / "brief.docx")
    assert not any(tool in note for tool in TOOLS)
    assert "2013" not in note and "December" not in note
    assert "Exhibit 1" in note and "accessed" in note


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_pdf_cites_no_creation_date_and_no_producer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _python_docx_file(tmp_path)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "statement.pdf"
    case_path = tmp_path / "p.casefile"
    note = _cite(case_path, pdf, tmp_path / "brief.docx")
    assert not any(tool in note for tool in TOOLS)
    with Case.open(case_path) as case:
        stored = case.sources()[0]
    assert stored.published  # the PDF's CreationDate was read ...
    assert stored.published[:4] not in note.split("accessed")[0]  # ... and not printed
    capsys.readouterr()
    assert main(["sources", str(case_path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)[0]
    assert listed["origins"]["published"] == "file" and listed["exhibit"] == 1
    # the user confirms the date: now the citation prints it
    assert main(["source", "edit", str(case_path), "1", "--confirm", "published"]) == 0
    with Case.open(case_path) as case:
        write_brief(case, tmp_path / "again.docx", ExportOptions())
        assert dict(case.sources()[0].origins).get("published", "user") == "user"
    confirmed = "\n".join(footnotes(tmp_path / "again.docx").values())
    assert stored.published[:4] in confirmed.split("accessed")[0]


def test_a_date_only_the_url_suggests_is_a_guess() -> None:
    metadata = SourceMetadata(
        title="Deported", published="2016-05-01", url="https://news.example/2016/05/deported"
    )
    page = ExtractedText("text", "html", "text/html", metadata=metadata)
    plain = b"<html><body><p>text</p></body></html>"
    stated = b'<meta property="article:published_time" content="2016-05-01">' + plain
    assert import_origins(page, SourceMetadata(), plain)["published"] is Origin.GUESS
    assert import_origins(page, SourceMetadata(), stated)["published"] is Origin.DOCUMENT
    assert import_origins(page, SourceMetadata(), plain)["title"] is Origin.DOCUMENT
    typed = SourceMetadata(published="2016-05-02")
    assert import_origins(page, typed, plain)["published"] is Origin.USER


def test_source_edit_sets_fields_and_a_unique_exhibit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_path = tmp_path / "d.casefile"
    assert main(["demo", str(case_path)]) == 0
    capsys.readouterr()
    args = ["source", "edit", str(case_path), "2", "--author", "R. Field", "--exhibit", "9"]
    assert main([*args, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["exhibit"] == 9 and shown["origins"]["author"] == "user"
    assert main(["source", "edit", str(case_path), "3", "--exhibit", "9"]) == 1
    assert "already source 2" in capsys.readouterr().err
    with Case.open(case_path) as case:
        write_brief(case, tmp_path / "b.docx", ExportOptions())
    assert "(Exhibit 9)" in "\n".join(footnotes(tmp_path / "b.docx").values())


def test_fact_flags_join_an_excerpt_edit_command_made_elsewhere(tmp_path: Path) -> None:
    """``excerpt edit`` belongs to another module: the fact flags are added to it."""
    import argparse

    from casefile.cli import fact_cmds
    from casefile.cli.common import add_case_argument

    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    excerpt = commands.add_parser("excerpt")
    edit = excerpt.add_subparsers().add_parser("edit")
    add_case_argument(edit)
    edit.add_argument("excerpt_id", type=int)
    edit.add_argument("--note", default=None)
    calls: list[str] = []
    edit.set_defaults(handler=lambda args: calls.append(args.note) or 0)
    fact_cmds.register(commands)
    case_path = tmp_path / "d.casefile"
    assert main(["demo", str(case_path)]) == 0
    args = parser.parse_args(["excerpt", "edit", str(case_path), "2", "--date", "2014-11"])
    assert args.handler(args) == 0 and calls == []  # only the fact: the own handler is not run
    args = parser.parse_args(
        ["excerpt", "edit", str(case_path), "2", "--note", "n", "--status", "unclear"]
    )
    assert args.handler(args) == 0 and calls == ["n"]
    with Case.open(case_path) as case:
        excerpt = case.excerpt(2)
    assert (excerpt.fact_date, excerpt.fact_status) == ("2014-11", "unclear")


def test_an_older_case_file_gets_exhibits_origins_and_the_issue_type(tmp_path: Path) -> None:
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from casefile.storage import migrations

    path = tmp_path / "old.casefile"
    Case.create(path, "Old").close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrations.config(connection), "0001")
    engine.dispose()
    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM record_type WHERE key = 'issue'")
    for number, kind in enumerate(["pdf", "html", "docx"], start=1):
        raw.execute(
            "INSERT INTO source (title, kind, filename, media_type, sha256, size, imported_at, "
            "author, publisher, published, url, accessed, language, note, pages, notices) "
            "VALUES (?, ?, 'f', 'm', ?, 1, '2026-01-01', 'python-docx', '', '2013-12-23', '', "
            "'', '', '', 0, '[]')",
            (f"Source {number}", kind, f"sha{number}"),
        )
    raw.commit()
    raw.close()
    with Case.open(path) as case:  # upgraded on opening
        sources = case.sources()
        assert [s.exhibit for s in sources] == [1, 2, 3]
        assert dict(sources[0].origins)["published"] == "file"
        assert dict(sources[2].origins)["author"] == "file"
        assert sources[1].origins == ()
        assert "issue" in [t.key for t in case.record_types()]
        write_brief(case, tmp_path / "b.docx", ExportOptions())  # nothing to quote: still valid
