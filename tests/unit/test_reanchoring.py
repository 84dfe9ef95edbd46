"""Re-anchoring rules on small texts: each step, and never on different words."""

from __future__ import annotations

from casefile.domain.anchoring import quote_at
from casefile.domain.reanchoring import Anchor, reanchor_all

PARAGRAPHS = [
    "Summary. The applicant was detained in 2019 and questioned for three days.",
    "The applicant says the police beat him at the station in Vostrov.",
    "Witnesses confirm that he was held without charge for several weeks in the "
    "Sinhung interrogation centre, where detainees were beaten and kept in stress "
    "positions for days at a time.",
    "The government denies that any returned person was mistreated.",
]
OLD = "\n\n".join(PARAGRAPHS)


def anchor(quote: str, text: str = OLD, number: int = 1) -> Anchor:
    start = text.index(quote)
    q = quote_at(text, start, start + len(quote))
    return Anchor(number, start, start + len(quote), q.exact, q.prefix, q.suffix)


def test_a_long_excerpt_edited_inside_becomes_changed_on_the_edited_words() -> None:
    quote = PARAGRAPHS[2]
    edited = quote.replace("several weeks", "five months")
    new = OLD.replace(quote, edited)
    placed = reanchor_all(OLD, new, [anchor(quote)])[0]
    assert placed.status == "changed"
    assert new[placed.start : placed.end] == edited


def test_a_deleted_paragraph_does_not_move_to_the_same_words_elsewhere() -> None:
    """ "The applicant" occurs twice; its own paragraph goes: orphaned, not moved."""
    old = anchor("The applicant says the police beat him")
    new = OLD.replace(PARAGRAPHS[1] + "\n\n", "")
    assert reanchor_all(OLD, new, [old])[0].status == "orphaned"
    short = anchor("The applicant says")  # a few words whose context only half fits
    short = Anchor(2, short.start, short.start + 13, "The applicant", short.prefix, " says")
    text = "\n\n".join([PARAGRAPHS[0], "The applicant appealed.", PARAGRAPHS[3]])
    placed = reanchor_all(OLD, text, [short])[0]
    # the same words in another sentence: never silently anchored, at most "please review"
    assert placed.status in ("changed", "orphaned")
    assert placed.status == "orphaned" or text[placed.start : placed.end] == "The applicant"


def test_a_short_quote_whose_words_changed_is_orphaned_not_fuzzy() -> None:
    new = OLD.replace("in 2019", "in 2018")
    assert reanchor_all(OLD, new, [anchor("2019")])[0].status == "orphaned"


def test_position_quote_and_spacing_steps() -> None:
    quote = "held without charge for several weeks"
    moved = "New preface.\n\n" + OLD
    reflowed = OLD.replace("for several weeks in the ", "for several\nweeks in the ")
    for new in (moved, reflowed):
        placed = reanchor_all(OLD, new, [anchor(quote)])[0]
        assert placed.status == "anchored"
        assert " ".join(new[placed.start : placed.end].split()) == quote
