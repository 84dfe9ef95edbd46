"""The CLI edits and deletes everything; failures are one line, exit 1, and change nothing."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from casefile.cli import main
from tests.unit.test_cli import NEWS, TESTIMONY, digest, run, run_json

CLAIM = "No refugee has ever been returned against his will."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case: two sources, a record, a linked claim (excerpt 1), testimony (excerpt 2)."""
    folder = tmp_path_factory.mktemp("template")
    case = folder / "matter.casefile"
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    (folder / "testimony.txt").write_text(TESTIMONY, encoding="utf-8")
    tmp_path = folder
    steps = [
        ["new", case],
        ["import", case, tmp_path / "news.txt", tmp_path / "testimony.txt"],
        ["record", "add", case, "--type", "asylum-refusal", "--title", "Refusal — A."],
        ["highlight", case, "1", "--quote", CLAIM, "--tag", "Claim", "--record", "1",
         "--relation", "contradicts", "--note", "denial"],
        ["highlight", case, "2", "--quote", "Two officers carried him", "--tag", "Testimony"],
        ["tag", "add", case, "Risk on return", "--parent", "Testimony"],
    ]  # fmt: skip
    for step in steps:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main([str(a) for a in step]) == 0, step
    return case


@pytest.fixture
def matter(template: Path, tmp_path: Path) -> Path:
    for name in ("matter.casefile", "news.txt", "testimony.txt"):
        shutil.copyfile(template.parent / name, tmp_path / name)
    return tmp_path / "matter.casefile"


def excerpt(capsys: pytest.CaptureFixture[str], case: Path, excerpt_id: int) -> dict:
    return next(e for e in run_json(capsys, "excerpts", case) if e["id"] == excerpt_id)


def test_excerpt_edit_changes_note_tags_and_boundaries_in_one_go(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    edited = run_json(
        capsys, "excerpt", "edit", matter, "1", "--note", "Contradicted by 😀 𠜎",
        "--add-tag", "risk on return", "--remove-tag", "CLAIM", "--start", "28", "--end", "60",
    )  # fmt: skip
    code, text, _ = run(capsys, "text", matter, "1")
    assert edited["note"] == "Contradicted by 😀 𠜎"
    assert edited["tags"] == ["Risk on return"]
    assert (edited["start"], edited["end"]) == (28, 60)
    assert edited["exact"] == text[28:60] and text[:28].endswith(edited["prefix"])
    assert edited["pinpoint"] == "para. 2"
    assert edited["records"][0]["relation"] == "contradicts"  # untouched
    assert excerpt(capsys, matter, 1) == edited
    code, out, _ = run(capsys, "excerpt", "edit", matter, "1", "--note", "")
    assert code == 0 and out.strip() == "1"
    assert excerpt(capsys, matter, 1)["note"] == ""


def test_excerpt_delete_keeps_the_source(capsys: pytest.CaptureFixture[str], matter: Path) -> None:
    code, out, err = run(capsys, "excerpt", "delete", matter, "2")
    assert code == 0 and out == "" and "deleted excerpt 2" in err
    assert [e["id"] for e in run_json(capsys, "excerpts", matter)] == [1]
    assert len(run_json(capsys, "sources", matter)) == 2


def test_record_edit_and_delete(capsys: pytest.CaptureFixture[str], matter: Path) -> None:
    edited = run_json(
        capsys, "record", "edit", matter, "1", "--title", "Refusal of A.", "--date", "c. 2014",
        "--field", "applicant=A.", "--field", "Decision date=2015-12-14", "--note", "appealed",
    )  # fmt: skip
    assert edited["title"] == "Refusal of A." and edited["date"] == "c. 2014"
    assert edited["fields"] == {"applicant": "A.", "decision_date": "2015-12-14"}
    cleared = run_json(capsys, "record", "edit", matter, "1", "--field", "applicant=")
    assert cleared["fields"] == {"decision_date": "2015-12-14"}
    assert cleared["note"] == "appealed"

    before = digest(matter)
    code, _, err = run(capsys, "record", "delete", matter, "1")
    assert code == 1 and err.count("\n") == 1
    assert "1 excerpt(s) are linked to record 1" in err and "--yes" in err
    assert digest(matter) == before
    code, _, err = run(capsys, "record", "delete", matter, "1", "--yes")
    assert code == 0 and "deleted record 1" in err
    assert run_json(capsys, "records", matter) == []
    assert excerpt(capsys, matter, 1)["records"] == []  # the excerpt stays, unlinked


def test_tag_rename_recolor_move_merge_delete(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    def tags() -> dict[str, dict]:
        return {t["name"]: t for t in run_json(capsys, "tags", matter)}

    assert run(capsys, "tag", "rename", matter, "risk on return", "Risk")[0] == 0
    assert run(capsys, "tag", "recolor", matter, "Risk", "#00AA00")[0] == 0
    assert run(capsys, "tag", "recolour", matter, "claim", "#112233")[0] == 0
    assert run(capsys, "tag", "move", matter, "Risk", "--top")[0] == 0
    found = tags()
    assert found["Risk"]["color"] == "#00aa00" and found["Risk"]["parent"] is None
    assert found["Claim"]["color"] == "#112233"
    assert run(capsys, "tag", "move", matter, "Risk", "--parent", "claim")[0] == 0
    assert tags()["Risk"]["parent"] == "Claim"
    risk_id = str(tags()["Risk"]["id"])

    run(capsys, "excerpt", "edit", matter, "2", "--add-tag", risk_id)  # a tag by its id
    before = digest(matter)
    code, _, err = run(capsys, "tag", "delete", matter, "Risk")
    assert code == 1 and "1 excerpt(s) carry 'Risk' and would lose it; add --yes" in err
    assert digest(matter) == before
    code, _, err = run(capsys, "tag", "merge", matter, "Risk", "Claim")
    assert code == 0 and "merged 'Risk' into 'Claim'" in err
    assert "Risk" not in tags()
    assert excerpt(capsys, matter, 2)["tags"] == ["Claim", "Testimony"]
    run(capsys, "tag", "add", matter, "Unused")
    code, _, err = run(capsys, "tag", "delete", matter, "unused")  # no excerpts: no --yes
    assert code == 0 and "Unused" not in tags()
    run(capsys, "tag", "add", matter, "Credibility")
    run(capsys, "excerpt", "edit", matter, "1", "--add-tag", "Credibility")
    assert run(capsys, "tag", "delete", matter, "Credibility", "--yes")[0] == 0
    assert excerpt(capsys, matter, 1)["tags"] == ["Claim"]


def test_source_delete_needs_yes_when_it_has_excerpts(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    before = digest(matter)
    code, _, err = run(capsys, "source", "delete", matter, "2")
    assert code == 1 and err.count("\n") == 1
    assert "has 1 excerpt(s), which would be deleted with it; add --yes" in err
    assert digest(matter) == before
    code, _, err = run(capsys, "source", "delete", matter, "2", "--yes")
    assert code == 0 and "deleted source 2" in err
    assert [s["id"] for s in run_json(capsys, "sources", matter)] == [1]
    assert [e["id"] for e in run_json(capsys, "excerpts", matter)] == [1]


def test_record_types_are_listed_added_and_edited(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    types = {t["key"]: t for t in run_json(capsys, "record-types", matter)}
    assert {"asylum-refusal", "person", "decision", "event"} <= set(types)
    assert types["asylum-refusal"]["records"] == 1 and types["asylum-refusal"]["builtin"]
    assert {"key": "applicant", "label": "Applicant", "kind": "text"} in types["asylum-refusal"][
        "fields"
    ]
    code, out, _ = run(capsys, "record-types", matter)
    assert code == 0 and out.splitlines()[0].split() == ["ID", "KEY", "NAME", "FIELDS", "RECORDS"]

    hearing = run_json(
        capsys, "record-type", "add", matter, "Hearing", "--field", "judge",
        "--field", "heard:Heard on:date", "--field", "summary::longtext",
    )  # fmt: skip
    assert hearing["key"] == "hearing" and not hearing["builtin"]
    assert hearing["fields"] == [
        {"key": "judge", "label": "Judge", "kind": "text"},
        {"key": "heard", "label": "Heard on", "kind": "date"},
        {"key": "summary", "label": "Summary", "kind": "longtext"},
    ]
    record = run_json(capsys, "record", "add", matter, "--type", "hearing", "--title", "First",
                      "--field", "judge=J. Smith", "--field", "heard on=2016-02")  # fmt: skip
    assert record["fields"] == {"judge": "J. Smith", "heard": "2016-02"}
    code, _, err = run(capsys, "record", "add", matter, "--type", "hearing", "--title", "x",
                       "--field", "heard=2016-02-30")  # fmt: skip
    assert code == 1 and "--field heard '2016-02-30' is not a date" in err

    before = digest(matter)
    code, _, err = run(capsys, "record-type", "edit", matter, "hearing", "--remove-field", "judge")
    assert code == 1 and "1 record(s) have values in judge" in err and "--yes" in err
    assert digest(matter) == before
    edited = run_json(
        capsys, "record-type", "edit", matter, "Hearing", "--name", "Tribunal hearing",
        "--remove-field", "judge", "--add-field", "panel:Panel", "--yes",
    )  # fmt: skip
    assert edited["name"] == "Tribunal hearing" and edited["key"] == "hearing"
    assert [f["key"] for f in edited["fields"]] == ["heard", "summary", "panel"]


def test_highlighting_the_same_passage_again(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    before = digest(matter)
    code, _, err = run(capsys, "highlight", matter, "1", "--quote", CLAIM, "--tag", "claim")
    assert code == 1 and "already excerpt 1 tagged Claim" in err
    code, _, err = run(capsys, "highlight", matter, "1", "--quote", CLAIM)
    assert code == 1 and "already excerpt 1" in err
    code, _, err = run(capsys, "highlight", matter, "1", "--quote", CLAIM, "--note", "other")
    assert code == 1 and "with a note" in err
    assert digest(matter) == before
    # a new tag on the same passage goes onto the existing excerpt
    code, out, err = run(capsys, "highlight", matter, "1", "--quote", CLAIM, "--tag", "Testimony")
    assert code == 0 and out.strip() == "1" and "already excerpt 1; added to it" in err
    assert excerpt(capsys, matter, 1)["tags"] == ["Claim", "Testimony"]
    assert len(run_json(capsys, "excerpts", matter)) == 2


def test_typed_straight_quotes_find_typographic_ones(
    capsys: pytest.CaptureFixture[str], matter: Path
) -> None:
    typed = 'said: "No refugee has ever been returned  against his will."'
    created = run_json(capsys, "highlight", matter, "1", "--quote", typed)
    assert created["exact"] == "said: “No refugee has ever been returned against his will.”"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["excerpt", "edit", "{case}", "1"], "nothing to change"),
        (["excerpt", "edit", "{case}", "1", "--start", "3"], "--start and --end go together"),
        (["excerpt", "edit", "{case}", "1", "--start", "5", "--end", "5000"], "not inside"),
        (["excerpt", "edit", "{case}", "1", "--remove-tag", "testimony"], "does not carry"),
        (["excerpt", "edit", "{case}", "1", "--add-tag", "Claim", "--remove-tag", "claim"],
         "both added and removed"),
        (["excerpt", "edit", "{case}", "9", "--note", "x"], "no excerpt 9"),
        (["excerpt", "edit", "{case}", "1", "--add-tag", "nonsense"], "no tag named"),
        (["excerpt", "delete", "{case}", "9"], "no excerpt 9"),
        (["record", "edit", "{case}", "1"], "nothing to change"),
        (["record", "edit", "{case}", "1", "--date", "2014-13-45"], "is not a date"),
        (["record", "edit", "{case}", "1", "--date", "yesterday"], "is not a date"),
        (["record", "edit", "{case}", "1", "--title", " "], "needs a title"),
        (["record", "edit", "{case}", "1", "--field", "shoe=9"], "has no field 'shoe'"),
        (["record", "delete", "{case}", "7"], "no record 7"),
        (["record", "add", "{case}", "--type", "event", "--title", "x", "--date", "2014-13-45"],
         "--date '2014-13-45' is not a date"),
        (["tag", "rename", "{case}", "Risk on return", "claim"], "already a tag named 'Claim'"),
        (["tag", "recolor", "{case}", "claim", "red"], "not a colour"),
        (["tag", "move", "{case}", "testimony", "--parent", "risk on return"], "inside itself"),
        (["tag", "merge", "{case}", "claim", "testimony"], "built in"),
        (["tag", "merge", "{case}", "testimony", "testimony"], "built in"),
        (["tag", "merge", "{case}", "risk on return", "risk on return"], "into itself"),
        (["tag", "delete", "{case}", "claim"], "built in"),
        (["tag", "delete", "{case}", "nothing"], "no tag named 'nothing'"),
        (["source", "delete", "{case}", "5"], "no source 5"),
        (["record-type", "add", "{case}", "Person"], "already a record type 'Person'"),
        (["record-type", "add", "{case}", "Hearing", "--field", "a:A:colour"], "kind must be"),
        (["record-type", "edit", "{case}", "person"], "nothing to change"),
        (["record-type", "edit", "{case}", "person", "--remove-field", "x"], "no field 'x'"),
        (["record-type", "edit", "{case}", "person", "--add-field", "role"], "already has"),
        (["record-type", "edit", "{case}", "visa", "--name", "x"], "no record type 'visa'"),
        (["highlight", "{case}", "1", "--quote", "ambassador", "--relation", "supports"],
         "--relation needs --record"),
        (["highlight", "{case}", "1", "--start", "0"], "--start needs --end"),
        (["highlight", "{case}", "1", "--quote", "ambassador", "--end", "4"], "--end goes with"),
        (["highlight", "{case}", "1", "--start", "0", "--end", "4", "--occurrence", "1"],
         "--occurrence goes with --quote"),
        (["highlight", "{case}", "1", "--quote", "ambassador", "--record", "8"], "no record 8"),
        (["unlink", "{case}", "2", "1"], "excerpt 2 is not linked to record 1"),
        (["import", "{case}", "{tmp}/news.txt", "{tmp}/testimony.txt", "--title", "T"],
         "--title describes one document, but 2 files"),
        (["import", "{case}", "{tmp}/news.txt", "--published", "2014-13-45"], "is not a date"),
        (["import", "{case}"], "name the files to import"),
    ],
)  # fmt: skip
def test_failures_are_one_line_exit_1_and_change_nothing(
    capsys: pytest.CaptureFixture[str], matter: Path, tmp_path: Path, args: list[str],
    message: str,
) -> None:  # fmt: skip
    before = digest(matter)
    code, out, err = run(capsys, *(a.format(case=matter, tmp=tmp_path) for a in args))
    assert code == 1
    assert message in err, err
    assert err.startswith("casefile: ") and err.count("\n") == 1 and out == ""
    assert digest(matter) == before


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--no-such-option"], "the following arguments are required: COMMAND",
         "casefile --help"),
        (["import"], "required: CASEFILE", "casefile import --help"),
        (["tag"], "required: {add,rename,recolor", "casefile tag --help"),
        (["tag", "recolor", "{case}", "claim"], "required: COLOR", "casefile tag recolor --help"),
        (["excerpt", "edit", "{case}", "one"], "invalid int value: 'one'",
         "casefile excerpt edit --help"),
        (["highlight", "{case}", "1"], "one of the arguments --quote --start is required",
         "casefile highlight --help"),
        (["export", "{case}"], "required: -o/--output", "casefile export --help"),
        (["link", "{case}", "1", "1", "--relation", "refutes"], "invalid choice: 'refutes'",
         "casefile link --help"),
        (["excerpts", "{case}", "--colour"], "unrecognized arguments: --colour",
         "casefile --help"),
        (["exerpts", "{case}"], "'exerpts' is not a command (did you mean `casefile excerpts`?)",
         "casefile --help"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_with_a_hint(
    capsys: pytest.CaptureFixture[str], matter: Path, args: list[str], message: str, hint: str
) -> None:
    before = digest(matter)
    argv = [a.format(case=matter) for a in args]
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    _, err = capsys.readouterr()
    assert code == 1
    assert message in err and f"`{hint}`" in err, err
    assert err.count("\n") == 1 and "usage:" not in err
    assert digest(matter) == before
