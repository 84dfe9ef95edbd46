"""Names in all their forms: parts, order, hyphenless, possessive, a title before a part,
Korean run-on particles, variants the user adds; links; near-misses."""

from __future__ import annotations

import pytest

from casefile.export.pseudonyms import NamePair, Pseudonymiser

RENAME = Pseudonymiser.from_lines(["Kim Eun-chol | Ким Ын Чхоль | 은철 = the Appellant"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Eun-chol was deported.", "[the Appellant] was deported."),
        ("Eun-chol's cousin", "[the Appellant]'s cousin"),
        ("Eunchol and Eun chol", "[the Appellant] and [the Appellant]"),
        ("Mr Kim said", "[the Appellant] said"),
        ("EUN-CHOL KIM", "[the Appellant]"),
        ("Ким Ын Чхоль задержан", "[the Appellant] задержан"),
        ("은철는 돌아가지 않았다", "[the Appellant]는 돌아가지 않았다"),
        ("Kimberley and Kimchi stay", "Kimberley and Kimchi stay"),
    ],
)
def test_every_form_is_replaced_in_brackets_and_nothing_else(text: str, expected: str) -> None:
    assert RENAME(text, bracket=True) == expected


def test_plain_text_gets_the_alias_without_brackets() -> None:
    assert RENAME("Asylum refusal — Kim Eun-chol") == "Asylum refusal — the Appellant"
    assert RENAME.quote("nothing to change") == ("nothing to change", False)


def test_links_that_name_someone_are_recognised() -> None:
    assert RENAME.in_url("https://news.example/2016/kim-eun-chol-deported")
    assert RENAME.in_url("https://news.example/kimeunchol")
    assert not RENAME.in_url("https://news.example/2016/returns-to-haedong")
    assert RENAME.found_in("see https://x.example/eun-chol") is not None


def test_near_misses_are_reported_not_replaced() -> None:
    assert RENAME.near_misses("Eunchul's brother and Kimm were there") == {"Eunchul", "Kimm"}
    assert RENAME("Eunchul") == "Eunchul"


def test_a_malformed_pair_is_refused() -> None:
    with pytest.raises(ValueError, match="NAME"):
        NamePair.parse("Kim Eun-chol")
