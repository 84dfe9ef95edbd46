"""Each format's text, structure and metadata, from documents the tests make themselves."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from casefile.domain.text import BlockKind
from casefile.ingest import ImportOptions, extract
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from tests.documents import EMAIL, EN, HTML_PAGE, KO, RU, make_docx, make_pdf

PROSE = f"{EN}\r\n\r\n{RU}\r\n\r\nНовая строка.\r\n"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_russian_text_in_any_encoding(encoding: str) -> None:
    data = PROSE.replace(EN + "\r\n\r\n", "").encode(encoding)
    result = extract(data, "statement.txt")
    assert result.text == f"{RU}\n\nНовая строка.\n"
    assert [result.text[b.start : b.end] for b in result.blocks] == [RU, "Новая строка."]


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949", "utf-16", "utf-8"])
def test_korean_text_in_any_encoding(encoding: str) -> None:
    text = f"{KO}\n\n북조선 사람들은 흔히 자국을 조선이라고 부른다. 증언 기록입니다.\n" * 3
    assert extract(text.encode(encoding), "testimony.txt").text == text


def test_utf8_with_bom_and_crlf_is_normalised_once() -> None:
    result = extract(codecs.BOM_UTF8 + PROSE.encode("utf-8"), "a.txt")
    assert result.text.startswith("The ambassador") and "\r" not in result.text


def test_a_saved_news_page_gives_the_article_and_its_metadata() -> None:
    result = extract(HTML_PAGE.encode("utf-8"), "deportee.html")
    assert result.kind == "html"
    text = result.text
    assert "two officers carried him to the van" in text.lower()
    assert "Никто не был выслан принудительно" in text
    assert "철수는 절대 스스로 돌아가지 않았습니다." in text
    for junk in ("SCRIPT TEXT", "font-family", "Share on Facebook", "Log in", "Cookie settings",
                 "Leave a comment", "Celebrity news"):  # fmt: skip
        assert junk not in text, junk
    meta = result.metadata
    assert meta.author == "Lena Ortiz"
    assert meta.publisher == "Meridian Press"
    assert meta.published == "2017-06-12"
    assert meta.url == "https://meridian-press.example/2017/06/12/deportee"
    assert meta.language == "en"
    assert "Deportee tortured" in meta.title
    headings = [text[b.start : b.end] for b in result.blocks if b.kind == BlockKind.HEADING]
    assert "Government denies" in headings


def test_the_full_page_text_can_be_chosen() -> None:
    result = extract(HTML_PAGE.encode("utf-8"), "p.html", ImportOptions(html_full_page=True))
    assert "Most read" in result.text and "SCRIPT TEXT" not in result.text
    assert any("full page" in notice for notice in result.notices)


def test_a_wrongly_declared_charset_is_caught() -> None:
    page = (
        f'<html><head><meta charset="utf-8"><title>t</title></head><body><p>{RU}</p></body></html>'
    )
    result = extract(page.encode("cp1251"), "wrong.html")
    assert RU in result.text


def test_docx_paragraphs_headings_tables_and_properties(tmp_path: Path) -> None:
    result = extract(make_docx(tmp_path / "decision.docx").read_bytes(), "decision.docx")
    text = result.text
    for expected in (EN, RU, KO, "박철수", "Дата", "Last paragraph after the table."):
        assert expected in text
    assert text.count("Merged heading cell") == 1  # a merged cell once
    kinds = {b.kind for b in result.blocks}
    assert {BlockKind.HEADING, BlockKind.TABLE_CELL, BlockKind.PARAGRAPH} <= kinds
    assert text.index("Reasons for refusal") < text.index(EN) < text.index("Merged heading cell")
    assert result.metadata.title == "Decision KMS/2015/4471"
    assert result.metadata.author == "Kestrian Migration Service"


def test_pdf_pages_with_labels_in_three_scripts(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "report.pdf", [EN, RU, KO])
    result = extract(path.read_bytes(), "report.pdf")
    assert result.pages == 3
    pages = [b for b in result.blocks if b.kind == BlockKind.PAGE]
    assert [p.label for p in pages] == ["1", "2", "3"]
    assert [result.text[p.start : p.end].strip() for p in pages] == [EN, RU, KO]
    assert result.metadata.title == "Returned and Punished"


def test_an_email_gives_headers_body_and_attachments() -> None:
    result = extract(EMAIL.encode("utf-8"), "statement.eml")
    assert result.kind == "email"
    assert result.metadata.title == "Witness statement — Vostrov reception centre"
    assert result.metadata.author.startswith("Mira Castell")
    assert result.metadata.published == "2016-02-02"
    assert "two officers carried him to the van. He had no shoes on." in result.text
    assert "Свидетель подтверждает это. 증인이 확인했습니다." in result.text
    assert "statement.pdf (application/pdf" in result.text
    header = next(b for b in result.blocks if b.kind == BlockKind.HEADER)
    assert result.text[header.start : header.end].startswith("From: Mira Castell")


@pytest.mark.parametrize(
    ("name", "maker", "quote", "pinpoint"),
    [
        ("a.txt", lambda p: p.write_bytes(PROSE.encode("cp1251", errors="ignore")), RU, "para. 2"),
        ("d.docx", make_docx, KO, "para. 4"),
        ("r.pdf", lambda p: make_pdf(p, [EN, RU, KO]), RU, "p. 2"),
        (
            "p.html",
            lambda p: p.write_text(HTML_PAGE, encoding="utf-8"),
            "Government denies",
            "para. 4",
        ),
        (
            "m.eml",
            lambda p: p.write_text(EMAIL, encoding="utf-8"),
            "He had no shoes on.",
            "para. 2",
        ),
    ],
)
def test_a_highlight_covers_what_the_user_saw_with_the_right_pinpoint(
    case: Case, tmp_path: Path, name: str, maker: object, quote: str, pinpoint: str
) -> None:
    path = tmp_path / name
    maker(path)  # type: ignore[operator]
    source_id = case.run(ImportSource(prepare_import(path))).result
    assert source_id is not None
    text = case.text(source_id)
    start = text.index(quote)
    excerpt_id = case.run(CreateExcerpt(source_id, start, start + len(quote))).result
    assert excerpt_id is not None
    excerpt = case.excerpt(excerpt_id)
    assert excerpt.exact == quote == text[excerpt.start : excerpt.end]
    assert excerpt.pinpoint == pinpoint
