"""The argument parser: one sub-command per verb, each module registers its own."""

from __future__ import annotations

import argparse

from casefile import __version__
from casefile.cli import annotate_cmds, case_cmds, export_cmds, translation_cmds

COMMANDS = {
    "gui", "new", "demo", "import", "sources", "text", "tag", "tags", "record", "records",
    "highlight", "link", "unlink", "excerpts", "export", "translation",
}  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casefile",
        description="Build evidence out of documents, offline: import sources, highlight "
        "claims and testimony, link them to case records, export a cited Word brief.",
        epilog="Run `casefile COMMAND --help` for each command. "
        "`casefile` alone, or `casefile CASEFILE`, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    case_cmds.register(commands)
    annotate_cmds.register(commands)
    export_cmds.register(commands)
    translation_cmds.register(commands)
    return parser
