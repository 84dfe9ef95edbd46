"""The command line, as a script would drive it: the contract later tools rely on."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from casefile import __version__
from casefile.cli import main

NEWS = (
    "Readmission agreement signed\r\n\r\n"
    "The ambassador said: “No refugee has ever been returned against his will.”\r\n\r\n"
    "Посол заявил, что никто не был выслан принудительно. 😀\r\n"
)
TESTIMONY = (
    "증언 기록\n\n"
    "He was shouting that they would kill him. Two officers carried him to the van.\n\n"
    "그는 돌아가면 죽는다는 것을 알고 있었습니다.\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    news = tmp_path / "news.txt"
    news.write_bytes(NEWS.encode("utf-8"))
    testimony = tmp_path / "testimony.txt"
    testimony.write_bytes(b"\xef\xbb\xbf" + TESTIMONY.encode("utf-8"))  # with a BOM
    return {"news": news, "testimony": testimony, "case": tmp_path / "matter.casefile"}


def test_a_scripted_session_from_new_to_export(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    case = files["case"]
    assert run(capsys, "new", case, "--title", "Matter of A.")[0] == 0
    code, out, err = run(
        capsys, "import", case, files["news"], files["testimony"], "--publisher", "Meridian Press"
    )
    assert code == 0, err
    news_id, testimony_id = (int(line) for line in out.split())

    record = run_json(
        capsys,
        "record",
        "add",
        case,
        "--type",
        "asylum-refusal",
        "--title",
        "Asylum refusal — A.",
        "--date",
        "2015-12-14",
        "--field",
        "applicant=A.",
        "--field",
        "Host country=Kestria",
    )
    assert record["fields"] == {"applicant": "A.", "host_country": "Kestria"}
    record_id = str(record["id"])

    claim_quote = "No refugee has ever been returned against his will."
    code, out, err = run(
        capsys,
        "highlight",
        case,
        str(news_id),
        "--quote",
        claim_quote,
        "--tag",
        "claim",
        "--note",
        "The ambassador's denial",
        "--record",
        record_id,
        "--relation",
        "contradicts",
    )
    assert code == 0, err
    claim_id = int(out)
    code, out, err = run(
        capsys,
        "highlight",
        case,
        str(testimony_id),
        "--quote",
        "Two officers carried him to the van.",
        "--tag",
        "TESTIMONY",
    )
    assert code == 0, err
    testimony_excerpt = int(out)
    assert run(capsys, "link", case, str(testimony_excerpt), record_id)[0] == 0

    # reopen (every command opens the file afresh) and list as JSON
    excerpts = run_json(capsys, "excerpts", case)
    assert {e["id"] for e in excerpts} == {claim_id, testimony_excerpt}
    for excerpt in excerpts:
        code, text, _ = run(capsys, "text", case, str(excerpt["source_id"]))
        assert text[excerpt["start"] : excerpt["end"]] == excerpt["exact"]
        assert set(excerpt) >= {
            "id",
            "source_id",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "tags",
            "note",
            "records",
            "pinpoint",
        }
    by_id = {e["id"]: e for e in excerpts}
    assert by_id[claim_id]["exact"] == claim_quote
    assert by_id[claim_id]["tags"] == ["Claim"]
    assert by_id[claim_id]["pinpoint"] == "para. 2"
    assert by_id[claim_id]["records"][0]["relation"] == "contradicts"
    assert by_id[testimony_excerpt]["records"][0]["title"] == "Asylum refusal — A."
    # line endings were normalised and the BOM dropped, once, at import
    code, text, _ = run(capsys, "text", case, str(news_id))
    assert "\r" not in text and text.startswith("Readmission")
    code, text, _ = run(capsys, "text", case, str(testimony_id))
    assert text == TESTIMONY

    assert run_json(capsys, "excerpts", case, "--tag", "claim")[0]["id"] == claim_id
    assert [e["id"] for e in run_json(capsys, "excerpts", case, "--record", record_id)] == sorted(
        [claim_id, testimony_excerpt]
    )
    sources = run_json(capsys, "sources", case)
    assert [s["publisher"] for s in sources] == ["Meridian Press", "Meridian Press"]

    out_docx = tmp_path / "brief.docx"
    code, _, err = run(capsys, "export", case, "--format", "docx", "-o", out_docx)
    assert code == 0, err
    body = "\n".join(p.text for p in Document(str(out_docx)).paragraphs)
    assert claim_quote in body
    assert "Two officers carried him to the van." in body


def test_tags_can_be_added_with_colour_and_parent(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    case = files["case"]
    run(capsys, "new", case)
    created = run_json(
        capsys, "tag", "add", case, "Risk on return", "--color", "#AA0000", "--parent", "testimony"
    )
    assert created["color"] == "#aa0000"
    tags = {t["name"]: t for t in run_json(capsys, "tags", case)}
    assert tags["Risk on return"]["parent"] == "Testimony"


def test_an_ambiguous_or_missing_quote_is_an_error(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    case = files["case"]
    run(capsys, "new", case)
    run(capsys, "import", case, files["testimony"])
    before = digest(case)
    code, _, err = run(capsys, "highlight", case, "1", "--quote", "him")
    assert code == 1 and "occurs 2 times" in err and "--occurrence" in err
    code, _, err = run(capsys, "highlight", case, "1", "--quote", "not in the text")
    assert code == 1 and "does not occur" in err
    assert digest(case) == before
    code, out, _ = run(capsys, "highlight", case, "1", "--quote", "him", "--occurrence", "2")
    assert code == 0 and int(out) == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("case", ["import", "{case}", "{tmp}/missing.txt"], "missing.txt: no such file"),
        ("case", ["import", "{case}", "{tmp}/picture.png"], "picture.png: damaged: not a readable"),
        ("case", ["import", "{case}", "{tmp}/empty.txt"], "empty.txt: the file is empty"),
        ("none", ["sources", "{tmp}/absent.casefile"], "absent.casefile: no such case file"),
        ("notsqlite", ["sources", "{case}"], "not an SQLite database"),
        ("case", ["highlight", "{case}", "7", "--start", "0", "--end", "3"], "no source 7"),
        ("case", ["record", "add", "{case}", "--type", "visa", "--title", "x"], "no record type"),
        (
            "case",
            ["record", "add", "{case}", "--type", "person", "--title", "x", "--field", "shoe=9"],
            "has no field 'shoe'",
        ),
        ("case", ["excerpts", "{case}", "--tag", "nonsense"], "no tag named"),
        ("case", ["link", "{case}", "1", "1"], "no excerpt 1"),
        ("case", ["new", "{case}"], "already exists"),
    ],
)
def test_failures_are_one_line_non_zero_and_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    case = tmp_path / "matter.casefile"
    if setup == "case":
        run(capsys, "new", case)
    elif setup == "notsqlite":
        case.write_text("meeting notes", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (tmp_path / "empty.txt").write_bytes(b"")
    before = digest(case) if case.exists() else None
    code, _out, err = run(capsys, *(a.format(case=case, tmp=tmp_path) for a in args))
    assert code == 1
    assert message in err
    assert err.startswith("casefile: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert (digest(case) if case.exists() else None) == before


def test_a_batch_import_goes_on_past_a_bad_file(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    case = files["case"]
    run(capsys, "new", case)
    code, out, err = run(
        capsys, "import", case, files["news"], tmp_path / "missing.txt", files["testimony"]
    )
    assert code == 1
    assert out.split() == ["1", "2"]
    assert "missing.txt: no such file" in err
    code, out, err = run(capsys, "import", case, files["news"])
    assert code == 1 and "already in this case file as source 1" in err


def test_version_and_help_run_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casefile", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"casefile {__version__}"
    for command in ("new", "import", "highlight", "export", "excerpts", "demo"):
        helped = subprocess.run(
            [sys.executable, "-m", "casefile", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "usage: casefile" in helped.stdout


def test_the_cli_never_loads_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from casefile.cli import main\n"
        f"assert main(['demo', {str(tmp_path / 'demo.casefile')!r}]) == 0\n"
        f"assert main(['excerpts', {str(tmp_path / 'demo.casefile')!r}, '--json']) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith('PySide6') or m == 'casefile.ui']\n"
        "assert not loaded, loaded\n"
    )
    checked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
