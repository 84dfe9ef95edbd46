"""Case-wide search: tokenisation (EN, RU, KO, mixed), query language, exact offsets,
the index after every operation and its undo, coding every hit, duplicates, CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.domain.errors import InvalidInput
from casefile.domain.text import ExtractedText
from casefile.services import Case
from casefile.services.bulk_highlight import highlight_all
from casefile.services.duplicates import same_text_as
from casefile.services.excerpt_ops import CreateExcerpt, SetExcerptNote
from casefile.services.record_ops import CreateRecord
from casefile.services.search import search
from casefile.services.source_ops import ImportSource, NewSource
from casefile.storage import search_index
from tests.unit.test_operations import OPERATIONS, populated

__all__ = ["populated"]  # the fixture, shared with the operation tests

ENGLISH = "The applicant was detained by the police in March 2019.\n\nState protection failed."
RUSSIAN = "Заявителя ЗАДЕРЖАЛА полиция. Ёлка стояла в Москве; ещё одна ёлка."
KOREAN = "정부는 발표했다. 정부가 인정하지 않았다. 한국 정부의 입장."
MIXED = "Witness 𠜎 said 😀: «Полиция» and 경찰은 came at night (naïve café)."


def new_source(name: str, text: str) -> NewSource:
    return NewSource(name, text.encode("utf-8"), ExtractedText(text, "text", "text/plain"))


@pytest.fixture
def sources(case: Case) -> dict[str, int]:
    ids = {}
    for name, text in (("en", ENGLISH), ("ru", RUSSIAN), ("ko", KOREAN), ("mixed", MIXED)):
        ids[name] = case.run(ImportSource(new_source(f"{name}.txt", text))).result or 0
    return ids


def found(case: Case, query: str, **kwargs: object) -> list[tuple[int | None, str]]:
    hits = search(case, query, **kwargs)  # type: ignore[arg-type]
    for hit in hits:
        if hit.source_id is not None:  # the promise: text[start:end] is the hit
            assert case.text(hit.source_id)[hit.start : hit.end] == hit.match
    return [(h.source_id, h.match) for h in hits]


def test_english_words_ignore_case(case: Case, sources: dict[str, int]) -> None:
    assert found(case, "POLICE") == [(sources["en"], "police")]
    assert found(case, "detained") == [(sources["en"], "detained")]
    assert found(case, "detain") == []  # whole words only, unless asked for a prefix
    assert found(case, "olice") == []  # ... at both ends
    assert search(case, "the")[0].start == 0  # the very first word of a text


def test_russian_ignores_case_and_yo(case: Case, sources: dict[str, int]) -> None:
    ru = sources["ru"]
    assert found(case, "задержала") == [(ru, "ЗАДЕРЖАЛА")]
    assert found(case, "елка") == [(ru, "Ёлка"), (ru, "ёлка")]
    assert found(case, "ЁЛКА") == [(ru, "Ёлка"), (ru, "ёлка")]
    assert found(case, "еще") == [(ru, "ещё")]
    assert found(case, "Москв*") == [(ru, "Москве")]


def test_korean_finds_words_with_particles(case: Case, sources: dict[str, int]) -> None:
    ko = sources["ko"]
    # 정부는, 정부가, 정부의: the noun is the hit, without its particle
    assert found(case, "정부") == [(ko, "정부")] * 3
    hits = search(case, "정부")
    assert [case.text(ko)[h.start : h.end + 1] for h in hits] == ["정부는", "정부가", "정부의"]
    assert found(case, '"정부 발표"') == [(ko, "정부는 발표")]
    assert found(case, "경찰") == [(sources["mixed"], "경찰")]


def test_mixed_scripts_and_offsets_past_the_bmp(case: Case, sources: dict[str, int]) -> None:
    mixed = sources["mixed"]
    assert found(case, "полиция") == [(sources["ru"], "полиция"), (mixed, "Полиция")]
    assert found(case, "cafe naive") == [(mixed, "naïve"), (mixed, "café")]
    hit = search(case, "night")[0]
    assert hit.start == MIXED.index("night")  # code points, after 𠜎 and 😀
    assert found(case, "𠜎") == [(mixed, "𠜎")]


def test_phrases_prefixes_and_booleans(case: Case, sources: dict[str, int]) -> None:
    en = sources["en"]
    assert found(case, '"state protection"') == [(en, "State protection")]
    assert found(case, '"protection state"') == []
    assert found(case, "detain*") == [(en, "detained")]
    assert found(case, "police AND march") == [(en, "police"), (en, "March")]
    assert found(case, "police march") == found(case, "police AND march")
    assert found(case, "police AND nowhere") == []
    assert found(case, "police OR полиция") == [
        (en, "police"),
        (sources["ru"], "полиция"),
        (sources["mixed"], "Полиция"),
    ]
    assert found(case, "police NOT march") == []
    assert found(case, "(police OR полиция) NOT night") == [
        (en, "police"),
        (sources["ru"], "полиция"),
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"state protection', "closing quote"),
        ("(police", "missing its '\\)'"),
        ("NOT police", "NOT needs something before it"),
        ("police OR", "ends where a word was expected"),
        ("*", "no letters or digits"),
        ("po*lice", "may only end a word"),
        ("", "empty"),
    ],
)
def test_bad_syntax_is_one_clear_line(case: Case, query: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as error:
        search(case, query)
    assert "\n" not in str(error.value) and "sqlite" not in str(error.value).lower()


def test_filters_and_notes_and_records(case: Case, sources: dict[str, int]) -> None:
    en = sources["en"]
    claim = case.tag_named("Claim").id
    start = ENGLISH.index("police")
    excerpt = case.run(CreateExcerpt(en, start, start + 6, tag_ids=[claim])).result or 0
    case.run(SetExcerptNote(excerpt, "Ask the witness about Москва"))
    refusal = case.record_type_named("asylum-refusal").id
    record = case.run(CreateRecord(refusal, "Refusal of Ёлкин", fields={"applicant": "Ёлкин"}))
    assert found(case, "police", tag="Claim") == [(en, "police")]
    assert found(case, "march", tag="Claim") == []  # outside the coded excerpt
    assert found(case, "police", source_id=sources["ru"]) == []
    notes = search(case, "москва", kinds=("note",))
    assert [(h.kind, h.excerpt_id, h.match) for h in notes] == [("note", excerpt, "Москва")]
    records = search(case, "елкин", kinds=("record",))
    assert [(h.record_id, h.match) for h in records] == [(record.result, "Ёлкин")] * 2


def test_date_filter_uses_the_published_date(case: Case, sources: dict[str, int]) -> None:
    from casefile.services.source_ops import UpdateSource

    case.run(UpdateSource(sources["en"], {"published": "2019-03-02"}))
    assert found(case, "police", date_range=("2019", "2019")) == [(sources["en"], "police")]
    assert found(case, "police", date_range=("2020", "")) == []


def _index_terms(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Every (term, row, position) the FTS5 tables hold, read through fts5vocab."""
    connection = sqlite3.connect(path)
    try:
        out = {}
        for table in search_index.FTS_TABLES.values():
            connection.execute(
                f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, instance)"
            )
            out[table] = sorted(connection.execute(f"SELECT term, doc, offset FROM v_{table}"))
        return out
    finally:
        connection.close()


def _expected_terms(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    """The same, for an index built from scratch out of the base tables."""
    source = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    try:
        out = {}
        queries = {
            "source": "SELECT source_id, text FROM source_text",
            "note": "SELECT id, note FROM excerpt",
            "record": "SELECT id, title, note, fields FROM record",
        }
        for kind, table in search_index.FTS_TABLES.items():
            fresh.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(body, "
                          f"tokenize='{search_index.TOKENIZER}')")  # fmt: skip
            for rowid, *values in source.execute(queries[kind]):
                body = search_index.body_of(kind, tuple(values))
                if body:
                    fresh.execute(f"INSERT INTO {table}(rowid, body) VALUES (?, ?)", (rowid, body))
            fresh.execute(f"CREATE VIRTUAL TABLE v_{table} USING fts5vocab({table}, instance)")
            out[table] = sorted(fresh.execute(f"SELECT term, doc, offset FROM v_{table}"))
        return out
    finally:
        source.close()
        fresh.close()


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_the_index_stays_right_after_every_operation_undo_and_redo(
    name: str, case: Case, populated: dict[str, int]
) -> None:
    assert _index_terms(case.path) == _expected_terms(case.path)
    applied = case.run(OPERATIONS[name](populated))
    assert _index_terms(case.path) == _expected_terms(case.path)
    undone = case.run(applied.inverse)
    assert _index_terms(case.path) == _expected_terms(case.path)
    case.run(undone.inverse)
    assert _index_terms(case.path) == _expected_terms(case.path)


def test_a_rebuilt_index_and_the_migration_agree(case: Case, sources: dict[str, int]) -> None:
    before = _index_terms(case.path)
    with case.engine.begin() as connection:
        search_index.rebuild(connection)
    assert _index_terms(case.path) == before == _expected_terms(case.path)
    assert before["search_source"]  # not trivially empty


def test_coding_every_hit_is_one_undo_step(case: Case, sources: dict[str, int]) -> None:
    claim = case.tag_named("Claim").id
    operation = highlight_all(case, "елка OR police", claim)
    applied = case.run(operation)
    assert applied.result == 3
    excerpts = case.excerpts(tag_id=claim)
    assert [e.exact for e in excerpts] == ["police", "Ёлка", "ёлка"]
    assert all(case.text(e.source_id)[e.start : e.end] == e.exact for e in excerpts)
    assert case.run(highlight_all(case, "елка OR police", claim)).result == 0  # no doubles
    undone = case.run(applied.inverse)
    assert case.excerpts(tag_id=claim) == []
    case.run(undone.inverse)
    assert [(e.id, e.exact) for e in case.excerpts(tag_id=claim)] == [
        (e.id, e.exact) for e in excerpts
    ]


def test_undoing_coded_hits_refuses_when_another_change_touched_one(
    case: Case, sources: dict[str, int]
) -> None:
    """Coding every hit shares the bulk insert's checked inverse: a note written on one of
    the new excerpts since (by this or another program) makes the undo refuse, not delete it."""
    from casefile.domain.errors import Conflict

    claim = case.tag_named("Claim").id
    applied = case.run(highlight_all(case, "police", claim))
    excerpt = case.excerpts(tag_id=claim)[0]
    case.run(SetExcerptNote(excerpt.id, "written since"))
    with pytest.raises(Conflict):
        case.run(applied.inverse)
    assert case.excerpt(excerpt.id).note == "written since"


def test_the_same_text_in_another_format_is_noticed(case: Case, sources: dict[str, int]) -> None:
    reformatted = ENGLISH.upper().replace("\n\n", "\n").replace(" ", "  ")
    twin = same_text_as(case, reformatted)
    assert twin is not None and twin.id == sources["en"]
    assert same_text_as(case, ENGLISH + " And more.") is None


def test_cli_search_json_highlight_and_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.casefile"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(KOREAN + "\n" + ENGLISH, encoding="utf-8")
    second.write_text((KOREAN + "\n" + ENGLISH).replace("\n", " \n"), encoding="utf-8")
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(first), str(second)]) == 0
    captured = capsys.readouterr()
    assert "the same text as source 1" in captured.err and "skipped" in captured.err
    assert main(["search", str(path), "정부 OR police", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    text = KOREAN + "\n" + ENGLISH
    assert [text[h["start"] : h["end"]] for h in hits] == ["정부", "정부", "정부", "police"]
    assert set(hits[0]) >= {"source_id", "start", "end", "snippet", "pinpoint"}
    assert main(["search", str(path), "police OR"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["highlight", str(path), "--all-matches", "정부", "--tag", "Claim"]) == 0
    assert "highlighted 3 hit(s) as Claim" in capsys.readouterr().out
    assert main(["excerpts", str(path), "--json"]) == 0
    excerpts = json.loads(capsys.readouterr().out)
    assert [(e["exact"], e["status"]) for e in excerpts] == [("정부", "anchored")] * 3


def test_a_table_rebuild_that_drops_the_triggers_is_repaired_on_open(
    case: Case, sources: dict[str, int]
) -> None:
    """Alembic's batch mode copies a table and drops the old one, and its triggers."""
    from casefile.services.excerpt_ops import SetExcerptNote

    start = ENGLISH.index("police")
    excerpt = case.run(CreateExcerpt(sources["en"], start, start + 6)).result or 0
    path = case.path
    case.close()
    connection = sqlite3.connect(path)
    connection.executescript(
        "PRAGMA foreign_keys=OFF; BEGIN;"
        "CREATE TABLE excerpt_copy AS SELECT * FROM excerpt; DROP TABLE excerpt;"
        "ALTER TABLE excerpt_copy RENAME TO excerpt; COMMIT;"
    )
    triggers = {
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    connection.close()
    assert "search_note_au" not in triggers
    reopened = Case.open(path)
    try:
        reopened.run(SetExcerptNote(excerpt, "interpreter was missing"))
        assert [h.excerpt_id for h in search(reopened, "interpreter")] == [excerpt]
        assert _index_terms(path) == _expected_terms(path)
    finally:
        reopened.close()


def test_an_older_case_file_is_indexed_by_its_upgrade(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from casefile.storage import migrations

    path = tmp_path / "old.casefile"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        migrations.upgrade(connection, "0001")
        connection.exec_driver_sql(
            "INSERT INTO source(id, title, kind, filename, media_type, sha256, size, imported_at,"
            " author, publisher, published, url, accessed, language, note, pages, notices)"
            " VALUES (1, 'Old', 'text', 'o.txt', 'text/plain', 'x', 0, '', '', '', '', '', '',"
            " '', '', 0, '[]')"
        )
        connection.exec_driver_sql("INSERT INTO source_blob VALUES (1, x'')")
        connection.exec_driver_sql(
            "INSERT INTO source_text VALUES (1, 'Правительство 정부는 état')"
        )
    engine.dispose()
    with Case.open(path) as case:
        assert [h.match for h in search(case, "правительство OR 정부 OR etat")] == [
            "Правительство",
            "정부",
            "état",
        ]


def test_query_folding_matches_the_index_for_every_letter_of_the_bmp() -> None:
    """What FTS5 stores for a letter is what our folding makes of it (hits depend on it)."""
    from casefile.domain.search_fold import fold, index_body

    letters = [chr(c) for c in range(0x41, 0x10000) if chr(c).isalpha()]
    connection = sqlite3.connect(":memory:")
    connection.execute(
        f"CREATE VIRTUAL TABLE f USING fts5(body, tokenize='{search_index.TOKENIZER}')"
    )
    connection.executemany(
        "INSERT INTO f(rowid, body) VALUES (?, ?)",
        [(i, index_body(f"q{letter}q")) for i, letter in enumerate(letters)],
    )
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
    terms: dict[int, list[str]] = {}
    for doc, term in connection.execute("SELECT doc, term FROM v"):
        terms.setdefault(doc, []).append(term)
    wrong = [
        (letter, terms[i], fold(f"q{letter}q"))
        for i, letter in enumerate(letters)
        if len(terms[i]) == 1 and terms[i][0] != fold(f"q{letter}q")
    ]
    assert len(letters) > 40_000
    assert wrong == []
    # SQLite's older Unicode tables see a few letters (New Tai Lue vowels) as separators
    assert sum(len(t) != 1 for t in terms.values()) < 30


def test_search_answers_when_the_file_cannot_be_written(
    case: Case, sources: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write left unindexed cannot be synced on a read-only file (root ignores file
    modes, so the refusal is simulated): the search answers from what is indexed."""
    from sqlalchemy.exc import OperationalError

    with case.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO search_pending(kind, item) VALUES ('source', ?)", (sources["ru"],)
        )

    def refuse(_connection: object) -> int:
        raise OperationalError("UPDATE", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(search_index, "sync", refuse)
    assert found(case, "police") == [(sources["en"], "police")]
