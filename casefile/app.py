"""Composition root of the desktop app (built in the GUI issue)."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from casefile.cli.parser import build_parser

    build_parser().print_help()
    return 0
