"""Offsets are code points: table tests with Cyrillic, Hangul and characters outside the BMP."""

from __future__ import annotations

import pytest

from casefile.domain.anchoring import TextQuote, find_quote, locate_quote, quote_at, reanchor
from casefile.domain.errors import InvalidInput

ASTRAL = "Grin 😀 and 𠀋 (U+2000B) then “quoted words” — Привет, 안녕하세요 𝄞 end."


@pytest.mark.parametrize(
    "needle",
    ["quoted words", "Привет", "안녕하세요", "𝄞", "😀 and 𠀋", "end."],
)
def test_locate_quote_gives_code_point_offsets_whose_slice_is_the_quote(needle: str) -> None:
    start, end = locate_quote(ASTRAL, needle)
    assert ASTRAL[start:end] == needle
    assert end - start == len(needle)  # code points, not UTF-16 units
    assert start == ASTRAL.index(needle)


def test_offsets_after_astral_characters_are_not_shifted_by_surrogates() -> None:
    start, _ = locate_quote(ASTRAL, "quoted words")
    utf16_start = len(ASTRAL[:start].encode("utf-16-le")) // 2
    assert utf16_start == start + 2  # two astral characters before it, one extra unit each


def test_quote_at_keeps_32_characters_of_context() -> None:
    text = "a" * 50 + "TARGET" + "b" * 50
    quote = quote_at(text, 50, 56)
    assert quote == TextQuote("TARGET", "a" * 32, "b" * 32)


def test_quote_at_near_the_edges_keeps_what_there_is() -> None:
    assert quote_at("hello", 0, 5) == TextQuote("hello", "", "")


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (4, 2), (0, 99)])
def test_bad_spans_are_refused(start: int, end: int) -> None:
    with pytest.raises(InvalidInput):
        quote_at("some text", start, end)


def test_an_ambiguous_quote_needs_an_occurrence() -> None:
    text = "no, no, no"
    with pytest.raises(InvalidInput, match="occurs 3 times"):
        locate_quote(text, "no")
    assert locate_quote(text, "no", occurrence=2) == (4, 6)
    with pytest.raises(InvalidInput, match="no occurrence 4"):
        locate_quote(text, "no", occurrence=4)


def test_a_missing_quote_says_so() -> None:
    with pytest.raises(InvalidInput, match="does not occur"):
        locate_quote("abc", "xyz")


def test_reanchor_keeps_an_unchanged_position() -> None:
    text = "The ambassador said no refugee was returned."
    quote = quote_at(text, 20, 30)
    assert reanchor(text, 20, 30, quote) == (20, 30)


def test_reanchor_follows_the_quote_when_text_is_inserted_before_it() -> None:
    old = "The ambassador said no refugee was returned."
    quote = quote_at(old, 20, 30)
    new = "Yesterday, 😀 " + old
    start, end = reanchor(new, 20, 30, quote) or (0, 0)
    assert new[start:end] == "no refugee"


def test_reanchor_uses_context_to_choose_between_repeats() -> None:
    old = "first: the claim. second: the claim."
    quote = quote_at(old, 26, 35)  # the second "the claim"
    new = "PREFACE. " + old
    start, end = reanchor(new, 26, 35, quote) or (0, 0)
    assert (start, new[start - 8 : start]) == (35, "second: ")
    assert new[start:end] == "the claim"


def test_reanchor_tolerates_a_small_edit_but_orphans_a_rewrite() -> None:
    old = "He was shouting that they would kill him in Haedong."
    quote = quote_at(old, 0, len(old))
    edited = "He was shouting that they would kil him in Haedong."
    span = reanchor(edited, 0, len(old), quote)
    assert span is not None
    rewritten = "A completely different report about something else entirely."
    assert reanchor(rewritten, 0, len(old), quote) is None


# Quote matching as people type: (text, typed quote, the exact span that must be found)
TYPED = [
    ("the officer’s report", "officer's report", "officer’s report"),
    ("the officer's report", "officer’s report", "officer's report"),
    (
        "he said “no refugee was returned”.",
        '"no refugee was returned"',
        "“no refugee was returned”",
    ),
    ("посол: «никто не выслан»", '"никто не выслан"', "«никто не выслан»"),
    ("„Nein“, sagte er", '"Nein"', "„Nein“"),
    ("from 2014–2016 only", "2014-2016", "2014–2016"),
    ("a well‑founded fear", "well-founded", "well‑founded"),
    ("he ran — fast", "he ran - fast", "he ran — fast"),
    ("carried  him\n\nto the van", "carried him to the van", "carried  him\n\nto the van"),
    ("no\u00a0refugee", "no refugee", "no\u00a0refugee"),
    ("Grin 😀 𠜎 then it’s “here” — ok", 'it\'s "here" - ok', "it’s “here” — ok"),
    ("😀😀 ‘𠜎’ x", "'𠜎'", "‘𠜎’"),
    ("cost (a.k.a. [price]) is $5*2?", "(a.k.a. [price]) is $5*2?", "(a.k.a. [price]) is $5*2?"),
    ("  padded quote  ", "  padded   quote ", "padded quote"),
]


@pytest.mark.parametrize(("text", "typed", "found"), TYPED)
def test_typed_quotes_find_the_document_s_own_characters(text: str, typed: str, found: str) -> None:
    start, end = locate_quote(text, typed)
    assert text[start:end] == found  # the exact span is stored, not what was typed
    assert start == text.index(found)  # code points, astral characters count one


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("the officer’s report", "officers report"),  # a missing character is not a quote mark
        ("it’s", 'it"s'),  # a single mark does not match a double one
        ("from 2014–2016", "2014 2016"),  # a dash is not white space
        ("carried him", "carriedhim"),  # white space does not match nothing
        ("Claim", "claim"),  # letter case matters
        ("no\u00a0refugee", "no-refugee"),
    ],
)
def test_only_the_listed_equivalences_apply(text: str, typed: str) -> None:
    with pytest.raises(InvalidInput, match="does not occur"):
        locate_quote(text, typed)


def test_occurrences_count_every_written_form() -> None:
    text = "it's here, it’s there, it‘s everywhere"
    assert find_quote(text, "it's") == [(0, 4), (11, 15), (23, 27)]
    with pytest.raises(InvalidInput, match="occurs 3 times"):
        locate_quote(text, "it’s")
    assert locate_quote(text, "it's", occurrence=2) == (11, 15)


def test_a_quote_of_only_white_space_is_empty() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        locate_quote("some text", " \n\t")
    assert find_quote("some text", "  ") == []
