"""Where the app's resources (icons, demo documents, templates) live.

Installed, they are packaged inside ``casefile/resources``; in a source tree
they are the top-level ``resources/`` folder beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Casefile's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
