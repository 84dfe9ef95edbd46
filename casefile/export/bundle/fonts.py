"""The bundle's fonts: DejaVu Sans (Latin, Cyrillic, Greek) and NanumGothic (Hangul).

They are the system's (Debian packages ``fonts-dejavu-core`` and ``fonts-nanum``),
not shipped: NanumGothic alone is 4.7 MB. A folder named by ``CASEFILE_FONTS``
(or ``resources/fonts``) is searched first, for installations without them.
Both are embedded in the bundle as subsets (fpdf2 subsets TrueType fonts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casefile.domain.errors import CasefileError

_SYSTEM_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/nanum"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
    Path.home() / ".local/share/fonts",
)


@dataclass(frozen=True, slots=True)
class FontFile:
    key: str  # the name the typesetter registers it under
    filename: str
    package: str  # where to get it


REGULAR = FontFile("dejavu", "DejaVuSans.ttf", "fonts-dejavu-core")
BOLD = FontFile("dejavu-bold", "DejaVuSans-Bold.ttf", "fonts-dejavu-core")
HANGUL = FontFile("nanum", "NanumGothic.ttf", "fonts-nanum")
HANGUL_BOLD = FontFile("nanum-bold", "NanumGothicBold.ttf", "fonts-nanum")
FONTS = (REGULAR, BOLD, HANGUL, HANGUL_BOLD)


class FontMissing(CasefileError):
    """A font the bundle needs is not installed."""


def _search_dirs() -> list[Path]:
    dirs: list[Path] = []
    if os.environ.get("CASEFILE_FONTS"):
        dirs.append(Path(os.environ["CASEFILE_FONTS"]))
    try:
        from casefile.resources import resource

        dirs.append(resource("fonts"))
    except FileNotFoundError:
        pass
    return dirs + list(_SYSTEM_DIRS)


def font_path(font: FontFile) -> Path:
    for folder in _search_dirs():
        candidate = folder / font.filename
        if candidate.is_file():
            return candidate
    raise FontMissing(
        f"the bundle needs the font {font.filename}: install the package {font.package} "
        "(or put the file in the folder named by CASEFILE_FONTS)"
    )


_METRICS: dict[str, tuple[dict[int, int], int]] = {}


def metrics(font: FontFile) -> tuple[dict[int, int], int]:
    """Advance widths in 1/1000 em per code point (and the default), read once per process.

    Computed exactly as fpdf2 computes the widths it writes into the PDF, so the
    boxes we record are where viewers draw the characters.
    """
    found = _METRICS.get(font.key)
    if found is None:
        from fontTools.ttLib import TTFont

        with TTFont(str(font_path(font)), lazy=True) as ttf:
            scale = 1000 / float(ttf["head"].unitsPerEm)
            hmtx = ttf["hmtx"].metrics
            widths = {}
            for code, glyph in ttf.getBestCmap().items():
                advance = hmtx[glyph][0]
                widths[code] = round(scale * (0 if advance == 65535 else advance) + 0.001)
            default = round(scale * hmtx[".notdef"][0]) if ".notdef" in hmtx else 500
        found = _METRICS[font.key] = (widths, default)
    return found


def covered(ch: str) -> bool:
    """Whether one of the bundle's fonts has a glyph for the character."""
    code = ord(ch)
    return code in metrics(REGULAR)[0] or code in metrics(HANGUL)[0]
