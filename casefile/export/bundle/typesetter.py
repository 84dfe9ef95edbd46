"""A small typesetter over fpdf2 that reports where every character lands.

fpdf2 writes the PDF (TrueType fonts embedded as subsets, with ToUnicode maps so
the text can be extracted); the line breaking is ours, so that each code point's
left and right edge is known exactly: highlights are drawn over those boxes.
Widths are the fonts' advance widths (fpdf2 applies no kerning without text
shaping), so a line's characters sit at the running sum of their widths.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from fpdf import FPDF

from casefile.export.bundle import fonts
from casefile.export.bundle.charboxes import Run

A4 = (595.28, 841.89)
BAND = 34.0  # top and bottom bands of every bundle page: tab header, page number
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True, slots=True)
class Style:
    size: float = 11.0
    bold: bool = False
    leading: float = 1.42  # line height / font size
    grey: int = 0  # 0 black … 255 white


BODY = Style()
SMALL = Style(size=9.0, grey=90)


def new_pdf() -> FPDF:
    """One PDF for everything Casefile typesets in a bundle (fonts are loaded once)."""
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("Casefile")
    return pdf


class Typesetter:
    """Pages with a text cursor, drawn into ``pdf`` (several typesetters may share one),
    or only measured when ``pdf`` is None. Offsets passed in are recorded as :class:`Run`s."""

    def __init__(
        self, pdf: FPDF | None = None, margins: tuple[float, float, float, float] = (76, 62, 62, 64)
    ) -> None:
        self.left, self.top, self.right, self.bottom = margins
        self.width, self.height = A4
        self.pdf = pdf
        self._regular = fonts.metrics(fonts.REGULAR)[0]
        self._font_of: dict[tuple[str, bool], tuple[fonts.FontFile, float]] = {}
        self.page = pdf.page - 1 if pdf is not None else -1
        self.pages = 0  # pages this typesetter began
        self.y = 0.0

    # -- measuring -----------------------------------------------------------
    def _glyph(self, ch: str, bold: bool) -> tuple[fonts.FontFile, float]:
        """The font and advance width (in 1/1000 em) for one character."""
        known = self._font_of.get((ch, bold))
        if known is None:
            code = ord(ch)
            font = fonts.BOLD if bold else fonts.REGULAR
            if code not in self._regular and code in fonts.metrics(fonts.HANGUL)[0]:
                font = fonts.HANGUL_BOLD if bold else fonts.HANGUL
            widths, default = fonts.metrics(font)
            known = (font, float(widths.get(code, default)))
            self._font_of[(ch, bold)] = known
        return known

    def widths(self, text: str, style: Style) -> list[float]:
        scale = style.size / 1000.0
        return [self._glyph(ch, style.bold)[1] * scale for ch in text]

    def text_width(self, text: str, style: Style) -> float:
        return sum(self.widths(text, style))

    # -- pages -----------------------------------------------------------------
    @property
    def line_width(self) -> float:
        return self.width - self.left - self.right

    def new_page(self, size: tuple[float, float] = A4) -> None:
        self.width, self.height = size
        if self.pdf is not None:
            self.pdf.add_page(format=size)
            self.page = self.pdf.page - 1
        else:
            self.page += 1
        self.pages += 1
        self.y = self.top

    def ensure_room(self, height: float) -> None:
        if self.pages == 0 or self.y + height > self.height - self.bottom:
            self.new_page()

    # -- drawing ---------------------------------------------------------------
    def draw(self, x: float, baseline: float, text: str, style: Style) -> list[float]:
        """Draw one line at ``x``; returns the left edge of each character (and the end)."""
        pdf = self.pdf
        if pdf is not None:
            pdf.set_text_color(style.grey)
        edges = [x]
        segment_start = 0
        segment_font: fonts.FontFile | None = None
        scale = style.size / 1000.0
        for index, ch in enumerate(text):
            font, advance = self._glyph(ch, style.bold)
            if font is not segment_font:
                if index > segment_start:
                    self._draw_segment(edges[segment_start], baseline, text[segment_start:index])
                if pdf is not None:
                    if font.key not in pdf.fonts:
                        pdf.add_font(font.key, fname=str(fonts.font_path(font)))
                    pdf.set_font(font.key, size=style.size)
                segment_font, segment_start = font, index
            edges.append(edges[-1] + advance * scale)
        if len(text) > segment_start:
            self._draw_segment(edges[segment_start], baseline, text[segment_start:])
        return edges

    def _draw_segment(self, x: float, baseline: float, text: str) -> None:
        if self.pdf is not None and text.strip():
            self.pdf.text(x, baseline, text)

    def line(self, text: str, style: Style, *, x: float | None = None, align: str = "L") -> None:
        """One unbroken line at the cursor (long text is cut to the line)."""
        self.ensure_room(style.size * style.leading)
        width = self.text_width(text, style)
        left = self.left if x is None else x
        if align == "C":
            left = (self.width - width) / 2
        elif align == "R":
            left = self.width - self.right - width
        self.draw(left, self.y + style.size, text, style)
        self.y += style.size * style.leading

    def paragraph(
        self,
        text: str,
        style: Style = BODY,
        *,
        offset: int | None = None,
        runs: list[Run] | None = None,
        label: str = "",
        indent: float = 0.0,
        width: float | None = None,
    ) -> tuple[int, float]:
        """Typeset ``text`` wrapped to the line width, breaking pages as needed.

        ``offset`` is the position of ``text`` in the source; with it each line's
        character boxes are appended to ``runs``. ``label`` goes in the left margin
        beside the first line (the paragraph number). Returns the page and y of the
        first line.
        """
        line_height = style.size * style.leading
        avail = (width or self.line_width) - indent
        first: tuple[int, float] | None = None
        for line_start, line_text in _lines(text, self.widths(text, style), avail):
            self.ensure_room(line_height)
            baseline = self.y + style.size
            edges = self.draw(self.left + indent, baseline, line_text, style)
            if first is None:
                first = (self.page, self.y)
                if label:
                    margin_width = self.text_width(label, SMALL)
                    self.draw(self.left - 10 - margin_width, baseline, label, SMALL)
            if offset is not None and runs is not None and line_text:
                top = self.y + style.size * 0.1 - 1
                runs.append(
                    Run(
                        offset + line_start, self.page, top, top + style.size * 1.22,
                        tuple(edges[:-1]), tuple(edges[1:]),
                    )
                )  # fmt: skip
            self.y += line_height
        if first is None:  # an empty paragraph still takes its line
            self.ensure_room(line_height)
            first = (self.page, self.y)
            self.y += line_height
        return first

    def space(self, points: float) -> None:
        self.y += points

    def swatch(self, x: float, y: float, size: float, rgb: tuple[float, float, float]) -> None:
        """A small filled square (a highlight's colour, in a legend or schedule)."""
        if self.pdf is not None:
            self.pdf.set_fill_color(*(round(v * 255) for v in rgb))
            self.pdf.rect(x, y, size, size, style="F")

    def rule(self) -> None:
        if self.pdf is not None:
            self.pdf.set_draw_color(150)
            self.pdf.set_line_width(0.5)
            self.pdf.line(self.left, self.y, self.width - self.right, self.y)
        self.y += 6


def _lines(text: str, widths: list[float], avail: float) -> Iterator[tuple[int, str]]:
    """Greedy line breaking: (start within ``text``, line text) per printed line.

    Newlines in ``text`` end lines; spaces where a line is broken are not printed
    (they belong to no run); a word longer than the line is cut by characters.
    """
    position = 0
    for raw in text.split("\n"):
        yield from _wrap(raw, position, widths, avail)
        position += len(raw) + 1


def _wrap(raw: str, base: int, widths: list[float], avail: float) -> Iterator[tuple[int, str]]:
    raw = raw.replace("\t", " ")
    start = 0  # start of the current line within raw
    used = 0.0
    end = 0  # end of the last token on the line
    for match in _TOKENS.finditer(raw):
        token_start, token_end = match.span()
        token_width = sum(widths[base + token_start : base + token_end])
        if match.group().isspace():
            if token_start == start:  # leading spaces of a line are dropped
                start = token_end
                continue
            used += token_width
            continue
        if used + token_width > avail and end > start:
            yield base + start, raw[start:end]
            start, used = token_start, 0.0
        while token_width > avail:  # a very long word: cut it
            cut, width = token_start, 0.0
            while cut < token_end and width + widths[base + cut] <= avail:
                width += widths[base + cut]
                cut += 1
            cut = max(cut, token_start + 1)
            yield base + token_start, raw[token_start:cut]
            token_start = start = cut
            token_width -= width
        used += token_width
        end = token_end
    if end > start:
        yield base + start, raw[start:end]
    elif not raw.strip():
        yield base, ""
