"""Undo never touches another writer's rows: the issue's scenarios with a real CLI process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casefile.domain.errors import Conflict
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt, DeleteExcerpt, SetExcerptNote, TagExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import DeleteSource, ImportSource
from casefile.services.tag_ops import CreateTag

TEXT = "The ambassador said no refugee was returned. A witness said otherwise, twice.\n"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casefile", *map(str, args)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _source(case: Case, document: Path) -> int:
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    return source


def test_undo_after_another_process_highlighted_touches_only_our_rows(
    case: Case, document: Path
) -> None:
    """GUI removes a highlight, the CLI highlights, the GUI undoes twice: the CLI's stays."""
    source = _source(case, document)
    highlight = case.run(CreateExcerpt(source, 4, 14))
    ours = highlight.result
    assert ours is not None
    removal = case.run(DeleteExcerpt(ours))
    done = cli("highlight", case.path, str(source), "--quote", "A witness", "--tag", "Claim")
    assert done.returncode == 0, done.stderr
    theirs = int(done.stdout.split()[0])
    assert theirs != ours  # ids are never reused
    assert removal.entry_id is not None and highlight.entry_id is not None
    case.undo(removal.entry_id)  # "Undo Remove Highlight": ours comes back with its id
    assert {e.id for e in case.excerpts()} == {ours, theirs}
    case.undo(highlight.entry_id)  # "Undo Highlight": removes ours, never theirs
    (left,) = case.excerpts()
    assert (left.id, left.exact) == (theirs, "A witness")


def test_undo_refuses_when_another_process_changed_the_row(case: Case, document: Path) -> None:
    source = _source(case, document)
    highlight = case.run(CreateExcerpt(source, 4, 14))
    assert highlight.result is not None and highlight.entry_id is not None
    tag = cli("tag", "add", case.path, "Credibility")
    assert tag.returncode == 0, tag.stderr
    done = cli("highlight", case.path, str(source), "--quote", "A witness")
    assert done.returncode == 0, done.stderr
    # another writer tags our highlight: undoing "Highlight" would delete its work
    tag_id = case.tag_named("Credibility").id
    other = Case.open(case.path)
    try:
        other.run(TagExcerpt(highlight.result, tag_id))
    finally:
        other.close()
    before = case.excerpts()
    with pytest.raises(Conflict) as raised:
        case.undo(highlight.entry_id)
    message = str(raised.value)
    assert "Highlight" in message and "tags" in message and "nothing was changed" in message
    assert case.excerpts() == before
    assert case.journal(limit=1)[0].can_undo  # the entry is still there, still undoable later


def test_a_refused_undo_from_the_cli_is_one_line_and_exit_1(case: Case, document: Path) -> None:
    source = _source(case, document)
    highlight = case.run(CreateExcerpt(source, 4, 14))
    assert highlight.result is not None and highlight.entry_id is not None
    case.run(SetExcerptNote(highlight.result, "changed by the GUI"))
    note_entry = case.journal(limit=1)[0].id
    other = Case.open(case.path)  # another writer edits the note again
    try:
        other.run(SetExcerptNote(highlight.result, "changed by someone else"))
    finally:
        other.close()
    case.close()
    done = cli("undo", case.path, str(note_entry))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "note of highlight" in done.stderr
    assert "Traceback" not in done.stderr
    with Case.open(case.path) as reopened:
        assert reopened.excerpt(highlight.result).note == "changed by someone else"


def test_undo_delete_source_after_another_process_imported(
    case: Case, document: Path, tmp_path: Path
) -> None:
    source = _source(case, document)
    excerpt = case.run(CreateExcerpt(source, 4, 14)).result
    deletion = case.run(DeleteSource(source))
    other_document = tmp_path / "other.txt"
    other_document.write_text("Another report entirely.\n", encoding="utf-8")
    done = cli("import", case.path, other_document)
    assert done.returncode == 0, done.stderr
    theirs = int(done.stdout.split()[0])
    assert theirs != source
    assert deletion.entry_id is not None
    case.undo(deletion.entry_id)
    assert {s.id for s in case.sources()} == {source, theirs}
    assert [e.id for e in case.excerpts(source_id=source)] == [excerpt]
    assert case.text(theirs) == "Another report entirely.\n"


def test_undo_delete_source_refuses_when_the_same_document_came_back(
    case: Case, document: Path
) -> None:
    source = _source(case, document)
    deletion = case.run(DeleteSource(source))
    done = cli("import", case.path, document)  # the same bytes, imported by another process
    assert done.returncode == 0, done.stderr
    theirs = int(done.stdout.split()[0])
    assert deletion.entry_id is not None
    with pytest.raises(Conflict, match=f"imported again since, as source {theirs}"):
        case.undo(deletion.entry_id)
    assert [s.id for s in case.sources()] == [theirs]


def test_undo_of_an_import_refuses_when_someone_highlighted_in_it(
    case: Case, document: Path
) -> None:
    imported = case.run(ImportSource(prepare_import(document)))
    assert imported.result is not None and imported.entry_id is not None
    done = cli("highlight", case.path, str(imported.result), "--quote", "A witness")
    assert done.returncode == 0, done.stderr
    with pytest.raises(Conflict, match="highlight"):
        case.undo(imported.entry_id)
    assert len(case.excerpts()) == 1


def test_undo_of_a_tag_created_here_refuses_once_another_writer_used_it(
    case: Case, document: Path
) -> None:
    source = _source(case, document)
    created = case.run(CreateTag("Risk", "#e06666"))
    assert created.result is not None and created.entry_id is not None
    done = cli("highlight", case.path, str(source), "--quote", "A witness", "--tag", "Risk")
    assert done.returncode == 0, done.stderr
    with pytest.raises(Conflict, match="'Risk'"):
        case.undo(created.entry_id)
    assert case.tag_named("Risk").excerpt_count == 1
