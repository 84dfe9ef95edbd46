"""Import metadata per file: flags for one file, a CSV or JSON sidecar for several."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.unit.test_cli import digest, run, run_json


@pytest.fixture
def folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text("Country report.\n\nNo one was returned.\n", "utf-8")
    (docs / "news.txt").write_text("News item.\n\nThe ambassador spoke. 😀\n", "utf-8")
    (docs / "other.txt").write_text("Another document.\n", "utf-8")
    assert run(capsys, "new", tmp_path / "m.casefile")[0] == 0
    return tmp_path


def sources(capsys: pytest.CaptureFixture[str], case: Path) -> dict[str, dict]:
    return {s["filename"]: s for s in run_json(capsys, "sources", case)}


def test_one_file_takes_every_flag_and_accessed_defaults_to_today(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    case = folder / "m.casefile"
    code, _out, err = run(
        capsys, "import", case, folder / "docs/report.txt", "--title", "Country report 2016",
        "--url", "https://example.org/r", "--author", "A. Researcher", "--published", "2016-03",
        "--publisher", "NGO", "--language", "en",
    )  # fmt: skip
    assert code == 0, err
    report = sources(capsys, case)["report.txt"]
    assert report["title"] == "Country report 2016" and report["url"] == "https://example.org/r"
    assert report["published"] == "2016-03" and report["author"] == "A. Researcher"
    assert report["accessed"] == date.today().isoformat()
    run(capsys, "import", case, folder / "docs/news.txt", "--accessed", "2026-11-02")
    assert sources(capsys, case)["news.txt"]["accessed"] == "2026-11-02"


def test_shared_flags_apply_to_every_file(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    case = folder / "m.casefile"
    code, out, _ = run(capsys, "import", case, *sorted((folder / "docs").iterdir()),
                       "--publisher", "Meridian", "--language", "en")  # fmt: skip
    assert code == 0 and out.split() == ["1", "2", "3"]
    assert {s["publisher"] for s in sources(capsys, case).values()} == {"Meridian"}


def test_a_csv_sidecar_gives_each_file_its_own_values(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    case = folder / "m.casefile"
    sidecar = folder / "docs" / "metadata.csv"
    sidecar.write_text(
        "file,title,url,published,publisher\n"
        "report.txt,Country report 2016,https://example.org/r,2016-03,\n"
        '"news.txt","Ambassador, 😀 denies",https://example.org/n,3 May 2016,Gazette\n',
        encoding="utf-8-sig",  # as spreadsheets save it
    )
    code, _out, err = run(capsys, "import", case, folder / "docs/report.txt",
                         folder / "docs/news.txt", "--metadata", sidecar,
                         "--publisher", "Meridian")  # fmt: skip
    assert code == 0, err
    found = sources(capsys, case)
    assert found["report.txt"]["title"] == "Country report 2016"
    assert found["report.txt"]["publisher"] == "Meridian"  # the shared flag
    assert found["news.txt"]["title"] == "Ambassador, 😀 denies"
    assert found["news.txt"]["publisher"] == "Gazette"  # the sidecar wins for its file
    assert found["news.txt"]["published"] == "3 May 2016"


@pytest.mark.parametrize("shape", ["object", "list"])
def test_a_json_sidecar_alone_imports_every_file_it_lists(
    capsys: pytest.CaptureFixture[str], folder: Path, shape: str
) -> None:
    case = folder / "m.casefile"
    entries = {"report.txt": {"title": "Report"}, "../docs/news.txt": {"title": "News"}}
    data = entries if shape == "object" else [{"file": k, **v} for k, v in entries.items()]
    sidecar = folder / "docs" / "sources.json"
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "import", case, "--metadata", sidecar)
    assert code == 0, err
    assert out.split() == ["1", "2"]  # in the sidecar's order, other.txt not imported
    assert {k: v["title"] for k, v in sources(capsys, case).items()} == {
        "report.txt": "Report",
        "news.txt": "News",
    }


@pytest.mark.parametrize(
    ("name", "content", "files", "message"),
    [
        ("m.csv", "file,title,shoe\nreport.txt,R,9\n", ["report.txt"], "unknown field(s) shoe"),
        ("m.csv", "title\nR\n", ["report.txt"], 'one of them "file"'),
        ("m.csv", "file,title\nreport.txt,R\nnews.txt,N\n", ["report.txt"],
         "'news.txt' is not among the files to import"),
        ("m.csv", "file,published\nreport.txt,2014-13-45\n", [], "published '2014-13-45' is not"),
        ("m.csv", "file,accessed\nreport.txt,yesterday\n", [], "accessed 'yesterday' is not"),
        ("m.csv", "file,title\nreport.txt,R\nreport.txt,S\n", [], "listed twice"),
        ("m.csv", "file,title\nreport.txt,R,extra\n", [], "more cells than columns"),
        ("m.json", "{not json", [], "not valid JSON"),
        ("m.json", '["report.txt"]', [], 'entry 1 is not an object with a "file"'),
        ("m.json", '{"report.txt": {"title": 5}}', [], "title must be text"),
        ("m.txt", "file,title\n", [], "must be .csv or .json"),
        ("absent.csv", None, [], "no such metadata file"),
    ],
)  # fmt: skip
def test_a_bad_sidecar_is_one_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], folder: Path, name: str, content: str | None,
    files: list[str], message: str,
) -> None:  # fmt: skip
    case = folder / "m.casefile"
    sidecar = folder / "docs" / name
    if content is not None:
        sidecar.write_text(content, encoding="utf-8")
    before = digest(case)
    paths = [folder / "docs" / f for f in files]
    code, out, err = run(capsys, "import", case, *paths, "--metadata", sidecar)
    assert code == 1 and out == ""
    assert message in err and err.startswith("casefile: ") and err.count("\n") == 1, err
    assert digest(case) == before


def test_per_document_flags_and_a_sidecar_contradict(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    sidecar = folder / "docs" / "m.csv"
    sidecar.write_text("file,title\nreport.txt,R\n", encoding="utf-8")
    code, _, err = run(capsys, "import", folder / "m.casefile", folder / "docs/report.txt",
                       "--metadata", sidecar, "--url", "https://x.org")  # fmt: skip
    assert code == 1 and "--url and --metadata both describe the files" in err
