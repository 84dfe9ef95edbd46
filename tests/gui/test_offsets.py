"""Qt's UTF-16 positions <-> the core's code points, with characters outside the BMP."""

from __future__ import annotations

import pytest

from casefile.ui.offsets import OffsetMap

TEXTS = [
    "",
    "plain ascii",
    "Привет 안녕",
    "😀",
    "a😀b𠀋c",
    "𝄞𝄞𝄞 end",
    "x" * 50 + "😀" + "y" * 50 + "𐑜",
]


def utf16_of(text: str, code_point: int) -> int:
    return len(text[:code_point].encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", TEXTS)
def test_code_points_to_utf16_and_back(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2
    for code_point in range(len(text) + 1):
        utf16 = offsets.to_utf16(code_point)
        assert utf16 == utf16_of(text, code_point)
        assert offsets.to_code_point(utf16) == code_point


def test_a_position_inside_a_surrogate_pair_rounds_down() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.to_code_point(2) == 1  # between the two halves of 😀
    assert offsets.to_code_point(3) == 2


def test_a_long_text_converts_quickly_and_correctly() -> None:
    text = ("word 😀 " * 50_000) + "END"
    offsets = OffsetMap(text)
    end = len(text) - 3
    assert offsets.to_utf16(end) == end + 50_000
    assert offsets.to_code_point(end + 50_000) == end
