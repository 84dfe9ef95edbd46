"""New versions of real documents: every excerpt ends moved, changed or orphaned as it
should, and never on different words."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import pytest

from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.services.versions import ReplaceSourceVersion

DOCUMENTS = {
    "english-html": "html/readability-lifehacker-post-comment-load.source.html",
    "russian-text": "text/chardet-ru-windows-1251_ude_1.txt",
    "korean-text": "text/chardet-ko-euc-kr_ude_euc2.txt",
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _setup(case: Case, corpus_dir: Path, key: str) -> tuple[int, str, dict[int, str], list[str]]:
    """Import a real document and highlight a passage in the middle of several paragraphs."""
    new = prepare_import(corpus_dir / DOCUMENTS[key])
    source = case.run(ImportSource(new)).result or 0
    text = case.text(source)
    paragraphs = text.split("\n\n")
    chosen = sorted({1, len(paragraphs) // 2, len(paragraphs) - 1} - {0})
    quotes: dict[int, str] = {}
    for index in chosen:
        paragraph = paragraphs[index]
        words = paragraph.split(" ")
        if len(words) < 6:
            continue
        quote = " ".join(words[1:6])
        start = text.index(paragraph) + paragraph.index(quote)
        excerpt = case.run(CreateExcerpt(source, start, start + len(quote))).result or 0
        quotes[excerpt] = quote
    assert len(quotes) >= 2, "the document should give at least two excerpts"
    return source, text, quotes, paragraphs


def _reimport(case: Case, tmp_path: Path, source: int, text: str) -> ReplaceSourceVersion:
    path = tmp_path / "new-version.txt"
    path.write_text(text, encoding="utf-8")
    operation = ReplaceSourceVersion(source, prepare_import(path))
    case.run(operation)
    assert case.text(source) == prepare_import(path).extracted.text
    return operation


def _statuses(case: Case, source: int) -> dict[int, str]:
    return {e.id: str(e.status) for e in case.excerpts(source_id=source)}


def _check_words(case: Case, source: int, quotes: dict[int, str]) -> None:
    """Anchored: the same words; changed: a close, word-aligned match (never others)."""
    text = case.text(source)
    for excerpt in case.excerpts(source_id=source):
        here = text[excerpt.start : excerpt.end]
        if excerpt.status == "anchored":
            assert _squash(here) == _squash(quotes[excerpt.id]), excerpt.id
        elif excerpt.status == "changed":
            ratio = difflib.SequenceMatcher(None, here, quotes[excerpt.id]).ratio()
            assert ratio >= 0.9, (here, quotes[excerpt.id])
        assert excerpt.status == "orphaned" or here == excerpt.exact


INSERTED = "A new preface paragraph, added for the second edition.\n\n"


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_paragraphs_inserted_before_move_every_excerpt(
    key: str, case: Case, corpus_dir: Path, tmp_path: Path
) -> None:
    source, text, quotes, _ = _setup(case, corpus_dir, key)
    operation = _reimport(case, tmp_path, source, INSERTED * 3 + text)
    assert set(_statuses(case, source).values()) == {"anchored"}
    assert operation.report is not None
    assert sorted(operation.report.ids("anchored", moved=True)) == sorted(quotes)
    for excerpt in case.excerpts(source_id=source):
        assert excerpt.start == text.index(quotes[excerpt.id]) + len(INSERTED) * 3
    _check_words(case, source, quotes)


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_reflowed_text_keeps_every_excerpt_on_its_words(
    key: str, case: Case, corpus_dir: Path, tmp_path: Path
) -> None:
    source, _, quotes, paragraphs = _setup(case, corpus_dir, key)
    reflowed = "\n\n".join(textwrap.fill(p, width=23) for p in paragraphs)
    _reimport(case, tmp_path, source, reflowed)
    assert set(_statuses(case, source).values()) == {"anchored"}
    _check_words(case, source, quotes)


def _change_a_word(quote: str) -> tuple[str, str]:
    words = quote.split(" ")
    index = max(range(len(words)), key=lambda i: len(words[i]))
    old = words[index]
    words[index] = old[:-1] + ("x" if old[-1] != "x" else "y")  # one letter of one word
    return " ".join(words), old


@pytest.mark.parametrize("key", ["english-html", "korean-text"])
def test_an_excerpts_words_changed_make_it_changed(
    key: str, case: Case, corpus_dir: Path, tmp_path: Path
) -> None:
    source, text, quotes, _ = _setup(case, corpus_dir, key)
    target = max(quotes, key=lambda i: len(quotes[i]))
    edited, _ = _change_a_word(quotes[target])
    operation = _reimport(case, tmp_path, source, text.replace(quotes[target], edited, 1))
    statuses = _statuses(case, source)
    assert statuses[target] == "changed"
    assert all(status == "anchored" for i, status in statuses.items() if i != target)
    assert operation.report is not None and operation.report.ids("changed") == [target]
    now = case.excerpt(target)
    assert now.exact == edited  # exactly the edited passage, whole words
    _check_words(case, source, quotes)


@pytest.mark.parametrize("key", ["english-html", "russian-text"])
def test_an_excerpts_paragraph_deleted_orphans_it(
    key: str, case: Case, corpus_dir: Path, tmp_path: Path
) -> None:
    source, _text, quotes, paragraphs = _setup(case, corpus_dir, key)
    target = next(iter(quotes))
    kept = [p for p in paragraphs if quotes[target] not in p]
    assert len(kept) == len(paragraphs) - 1
    _reimport(case, tmp_path, source, "\n\n".join(kept))
    statuses = _statuses(case, source)
    assert statuses[target] == "orphaned"
    assert all(status == "anchored" for i, status in statuses.items() if i != target)
    assert case.excerpt(target).exact == quotes[target]  # the old quotation stays to be placed
    _check_words(case, source, quotes)


def test_undo_of_a_new_version_restores_text_excerpts_and_search(
    case: Case, corpus_dir: Path, tmp_path: Path
) -> None:
    from casefile.services.search import search

    source, text, quotes, paragraphs = _setup(case, corpus_dir, "english-html")
    before = [(e.id, e.start, e.end, e.exact, e.status) for e in case.excerpts()]
    phrase = '"' + quotes[min(quotes)] + '"'  # the excerpt in paragraph 1
    assert len(search(case, phrase)) == 1
    edition = _write(tmp_path, paragraphs[:1] + paragraphs[2:])
    applied = case.run(ReplaceSourceVersion(source, prepare_import(edition)))
    assert search(case, phrase) == [] and case.text(source) != text
    undone = case.run(applied.inverse)
    assert case.text(source) == text
    assert len(search(case, phrase)) == 1
    assert [(e.id, e.start, e.end, e.exact, e.status) for e in case.excerpts()] == before
    case.run(undone.inverse)
    assert [str(e.status) for e in case.excerpts()].count("orphaned") == 1


def _write(tmp_path: Path, paragraphs: list[str]) -> Path:
    path = tmp_path / "edition.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    return path
