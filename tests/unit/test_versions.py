"""New versions as operations: exact undo/redo, review, placing again, exports withhold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.domain.errors import CasefileError, DuplicateSource, InvalidInput
from casefile.domain.text import ExtractedText
from casefile.export.selection import Selection, select_evidence
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.source_ops import ImportSource, NewSource
from casefile.services.versions import ReplaceSourceVersion, mark_reviewed, place_again
from tests.unit.test_operations import dump

OLD = "Intro.\nThe applicant was detained by police in March 2019 and beaten.\nThe army 𠜎 left.\n"
NEW = "Preface 😀.\n\nIntro.\nThe applicant was detained by the police in March 2019 and beaten.\n"


def new(name: str, text: str) -> NewSource:
    return NewSource(name, text.encode("utf-8"), ExtractedText(text, "text", "text/plain"))


@pytest.fixture
def replaced(case: Case) -> tuple[int, dict[str, int]]:
    source = case.run(ImportSource(new("old.txt", OLD))).result or 0
    ids = {}
    for key, quote in (("intro", "Intro"), ("detained", "detained by police in March 2019"),
                       ("army", "army 𠜎 left")):  # fmt: skip
        start = OLD.index(quote)
        ids[key] = case.run(CreateExcerpt(source, start, start + len(quote))).result or 0
    return source, ids


def test_a_new_version_undoes_and_redoes_exactly(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    source, ids = replaced
    before = dump(case.path)
    operation = ReplaceSourceVersion(source, new("new.txt", NEW))
    applied = case.run(operation)
    after = dump(case.path)
    statuses = {e.id: str(e.status) for e in case.excerpts()}
    assert statuses == {
        ids["intro"]: "anchored",
        ids["detained"]: "changed",
        ids["army"]: "orphaned",
    }
    assert len(after["source_version"]) == 1 and after["source_version"][0][4] == "old.txt"
    assert case.source(source).filename == "new.txt"
    undone = case.run(applied.inverse)
    assert dump(case.path) == before
    case.run(undone.inverse)
    assert dump(case.path) == after


def test_review_and_place_again_are_undoable(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    source, ids = replaced
    case.run(ReplaceSourceVersion(source, new("new.txt", NEW)))
    with case.reading() as session:
        with pytest.raises(InvalidInput, match="not changed"):
            mark_reviewed(session, ids["intro"])
        review = mark_reviewed(session, ids["detained"])
    reviewed = case.run(review)
    assert case.excerpt(ids["detained"]).status == "anchored"
    case.run(reviewed.inverse)
    assert case.excerpt(ids["detained"]).status == "changed"
    start = NEW.index("Preface")
    with case.reading() as session:
        placed = case.run(place_again(session, ids["army"], start, start + 7))
    army = case.excerpt(ids["army"])
    assert (army.status, army.exact) == ("anchored", "Preface")
    case.run(placed.inverse)
    assert case.excerpt(ids["army"]).status == "orphaned"
    assert case.excerpt(ids["army"]).exact == "army 𠜎 left"


def test_exports_leave_out_unreviewed_excerpts_unless_asked(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    source, ids = replaced
    case.run(ReplaceSourceVersion(source, new("new.txt", NEW)))
    chosen = select_evidence(case, Selection())
    assert [e.id for e in chosen.excerpts] == [ids["intro"]]
    assert set(chosen.withheld) == {ids["detained"], ids["army"]}
    everything = select_evidence(case, Selection(include_unreviewed=True))
    assert len(everything.excerpts) == 3


def test_a_new_version_that_is_another_source_is_refused(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    source, _ = replaced
    case.run(ImportSource(new("other.txt", NEW)))
    with pytest.raises(DuplicateSource):
        case.run(ReplaceSourceVersion(source, new("other.txt", NEW)))
    with pytest.raises(InvalidInput, match="same file"):
        case.run(ReplaceSourceVersion(source, new("old.txt", OLD)))


def test_cli_reimport_review_place_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from casefile.cli import main

    path, old, new_file = tmp_path / "c.casefile", tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new_file.write_text(NEW, encoding="utf-8")
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(old)]) == 0
    for quote in ("Intro", "detained by police in March 2019", "army 𠜎 left"):
        assert main(["highlight", str(path), "1", "--quote", quote, "--tag", "Claim"]) == 0
    capsys.readouterr()
    assert main(["reimport", str(path), "1", str(new_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["moved"], report["changed"], report["orphaned"]) == ([1], [2], [3])
    assert main(["excerpts", str(path), "--json"]) == 0
    statuses = [e["status"] for e in json.loads(capsys.readouterr().out)]
    assert sorted(statuses) == ["anchored", "changed", "orphaned"]
    out = tmp_path / "out.csv"
    assert main(["export", str(path), "-o", str(out), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "left out 2 excerpt(s)" in err and "wrote 1 excerpt(s)" in err
    assert main(["review", str(path), "2"]) == 0
    assert main(["place", str(path), "3", "--quote", "Preface"]) == 0
    assert main(["export", str(path), "-o", str(out), "--format", "csv"]) == 0
    assert "wrote 3 excerpt(s)" in capsys.readouterr().err
    assert main(["review", str(path), "2"]) == 1  # nothing left to review: one clear line
    assert "not changed" in capsys.readouterr().err


def test_deleting_a_source_and_undoing_keeps_its_version_history(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    from casefile.services.source_ops import DeleteSource

    source, _ = replaced
    case.run(ReplaceSourceVersion(source, new("new.txt", NEW)))
    before = dump(case.path)
    deleted = case.run(DeleteSource(source))
    assert dump(case.path)["source_version"] == []
    case.run(deleted.inverse)
    assert dump(case.path) == before


def test_undoing_a_new_version_after_new_highlights_is_refused_untouched(
    case: Case, replaced: tuple[int, dict[str, int]]
) -> None:
    source, _ = replaced
    applied = case.run(ReplaceSourceVersion(source, new("new.txt", NEW)))
    start = NEW.index("Preface")
    case.run(CreateExcerpt(source, start, start + 7))  # made on the new text
    before = dump(case.path)
    with pytest.raises(CasefileError, match="changed since its new version came in"):
        case.run(applied.inverse)
    assert dump(case.path) == before
