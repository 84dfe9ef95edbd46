"""Scans made by the tests themselves: typeset text, rendered to an image, noised.

Nothing here comes from elsewhere: the texts are written for the project and the
fonts are the system's DejaVu (Latin, Cyrillic) and Nanum (Hangul).
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "en": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "ru": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "ko": "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
}

TEXTS = {
    "en": (
        "The appellant states that she left her home town in March after the police "
        "searched the house twice. She was questioned about her brother and held for "
        "three days without being charged. The country report confirms that family "
        "members of suspected activists are routinely detained and that complaints "
        "to the prosecutor are rarely investigated. Her account has been consistent "
        "in the screening interview, the substantive interview and her witness "
        "statement, and the respondent accepts her nationality and identity."
    ),
    "ru": (
        "Заявительница сообщает, что покинула родной город в марте, после того как "
        "полиция дважды обыскала дом. Её допрашивали о брате и держали три дня без "
        "предъявления обвинения. Доклад о стране подтверждает, что родственников "
        "подозреваемых активистов регулярно задерживают, а жалобы прокурору редко "
        "расследуются."
    ),
    "ko": (
        "신청인은 경찰이 집을 두 번 수색한 뒤 삼월에 고향을 떠났다고 진술한다. "
        "그녀는 오빠에 관하여 조사를 받았고 기소 없이 사흘 동안 구금되었다. "
        "국가 보고서는 활동가로 의심되는 사람의 가족이 자주 구금되며 검사에게 "
        "제기한 진정이 거의 조사되지 않는다고 확인한다."
    ),
}

A4_INCHES = (8.27, 11.69)


def words(text: str) -> list[str]:
    """The words a reader would check: letters and digits, punctuation dropped."""
    return [w for w in re.findall(r"\w+", text.casefold()) if w]


def recall(expected: str, found: str) -> float:
    """Share of the expected words found, in order-insensitive multiset terms."""
    want = words(expected)
    have: dict[str, int] = {}
    for word in words(found):
        have[word] = have.get(word, 0) + 1
    hits = 0
    for word in want:
        if have.get(word, 0):
            have[word] -= 1
            hits += 1
    return hits / len(want) if want else 1.0


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def typeset_page(
    text: str,
    language: str = "en",
    dpi: int = 150,
    points: float = 12,
    noise: float = 0.0,
    seed: int = 1,
) -> Image.Image:
    """An A4 page of ``text`` at ``dpi``, greyscale; ``noise`` is the share of speckled pixels."""
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONTS[language], round(points * dpi / 72))
    margin = dpi  # one inch
    y = margin
    line_height = round(points * 1.5 * dpi / 72)
    for paragraph in text.split("\n\n"):
        for line in _wrap(draw, paragraph, font, width - 2 * margin):
            draw.text((margin, y), line, font=font, fill=0)
            y += line_height
        y += line_height // 2
    if noise:
        rng = random.Random(seed)
        pixels = page.load()
        assert pixels is not None
        for _ in range(int(width * height * noise)):
            x, yy = rng.randrange(width), rng.randrange(height)
            pixels[x, yy] = rng.choice((0, 90, 180, 255))
        page = page.filter(ImageFilter.GaussianBlur(0.4))
    page.info["dpi"] = (dpi, dpi)
    return page


def image_bytes(pages: list[Image.Image], fmt: str, dpi: int = 150) -> bytes:
    """PNG / JPEG (first page) or TIFF / PDF (all pages) bytes of ``pages``."""
    out = io.BytesIO()
    first, rest = pages[0], pages[1:]
    if fmt in ("TIFF", "PDF"):
        first.save(out, fmt, save_all=True, append_images=rest, resolution=dpi, dpi=(dpi, dpi))
    else:
        first.save(out, fmt, dpi=(dpi, dpi))
    return out.getvalue()


def scanned_pdf(pages: list[Image.Image], dpi: int = 150) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes."""
    return image_bytes(pages, "PDF", dpi)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
