"""Web pages never lose text silently (libxml2's depth and size limits, hostile markup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.cli import main
from casefile.domain.errors import ImportFailure
from casefile.ingest import ImportOptions, extract
from casefile.ingest.html import FULL_PAGE_HINT
from casefile.ingest.html_text import visible_length
from casefile.services import Case
from tests.documents import HTML_PAGE

ARTICLE = "<p>" + "The witness saw the officers take him away in a grey van. " * 8 + "</p>"


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    "body",
    [
        # past libxml2's nesting depth (256; 2048 with huge_tree)
        "<div>" * 300 + "DEEP-TEXT-300" + "</div>" * 300 + "<p>AFTER-TEXT</p>",
        "<div>" * 5000 + "DEEP-TEXT-5000" + "</div>" * 5000 + "<p>AFTER-TEXT</p>",
        # 300 unclosed inline tags, as old pages have
        "<font>word " * 300 + "<p>AFTER-TEXT</p>",
        # a text node over 10 MB
        "<pre>" + "transcript line\n" * 700_000 + "</pre><p>AFTER-TEXT</p>",
    ],
)
def test_text_past_libxml2_limits_is_kept(body: str) -> None:
    data = _page(ARTICLE + body)
    whole = extract(data, "page.html", ImportOptions(html_full_page=True))
    assert "AFTER-TEXT" in whole.text
    for marker in ("DEEP-TEXT-300", "DEEP-TEXT-5000"):
        assert (marker in whole.text) == (marker in body)
    assert whole.text.count("word") == body.count("word")
    assert whole.text.count("transcript line") == body.count("transcript line")
    # without --full-page: everything, or a notice that counts exactly what was left out
    result = extract(data, "page.html")
    left_out = visible_length(whole.text) - visible_length(result.text)
    if left_out:
        (notice,) = result.notices
        assert f"{left_out:,} characters" in notice or "full page text was imported" in notice


def test_a_page_that_cannot_be_fully_parsed_is_imported_whole_with_a_notice() -> None:
    body = ARTICLE + "<div>" * 3000 + "DEEP" + "</div>" * 3000
    result = extract(_page(body), "page.html")
    assert "DEEP" in result.text and "witness saw" in result.text
    assert "full page text was imported" in result.notices[0]


def test_left_out_boilerplate_is_counted_and_the_advice_names_the_real_option() -> None:
    result = extract(HTML_PAGE.encode("utf-8"), "deportee.html")
    assert "Log in" not in result.text
    (notice,) = result.notices
    assert "characters of navigation" in notice and "--full-page" in notice
    assert FULL_PAGE_HINT in notice
    whole = extract(HTML_PAGE.encode("utf-8"), "d.html", ImportOptions(html_full_page=True))
    assert "Log in" in whole.text and "Most read" in whole.text


def test_the_cli_full_page_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "deportee.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    case_path = tmp_path / "c.casefile"
    Case.create(case_path).close()
    assert main(["import", str(case_path), str(page)]) == 0
    assert "--full-page" in capsys.readouterr().err
    page2 = tmp_path / "deportee2.html"
    page2.write_text(HTML_PAGE + "<!-- another copy -->", encoding="utf-8")
    assert main(["import", "--full-page", str(case_path), str(page2)]) == 0
    with Case.open(case_path) as case:
        texts = [case.text(s.id) for s in case.sources()]
    assert "Log in" not in texts[0] and "Log in" in texts[1]


@pytest.mark.parametrize("charset", ["base64", "zlib", "rot13", "hex", "utf-99", "uu"])
def test_a_meta_charset_that_is_not_a_text_encoding(charset: str) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body><p>Текст страницы</p></body></html>'
    result = extract(page.encode("cp1251"), "odd.html")
    assert "Текст страницы" in result.text


def test_a_page_without_visible_text_says_so_truthfully() -> None:
    with pytest.raises(ImportFailure, match="holds no visible text"):
        extract(
            b"<html><head><title>x</title><script>var a = 1;</script></head><body> </body>",
            "e.html",
        )
