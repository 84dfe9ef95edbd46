"""The argument parser: one sub-command per verb, each module registers its own.

Building it imports only the command modules, which import nothing heavy at the
top (see ``casefile.cli.common``): ``casefile --version`` and ``--help`` load no
SQLAlchemy, Alembic, importer or brief writer.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from casefile import __version__
from casefile.cli import (
    annotate_cmds,
    backup_cmds,
    case_cmds,
    excerpt_cmds,
    export_cmds,
    fact_cmds,
    history_cmds,
    record_cmds,
    search_cmds,
    source_cmds,
    source_edit_cmds,
    tag_cmds,
    translation_cmds,
)

EXIT_USAGE = 1  # every failure exits 1, usage errors included (see the README)


class Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line with a hint, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"casefile: {message} (see `{self.prog} --help`)\n")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: None = None
    ) -> argparse.Namespace:
        """Unknown options are named with the hint of the command they were given to."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command_parser", self)
            command.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


def build_parser() -> Parser:
    parser = Parser(
        prog="casefile",
        description="Build evidence out of documents, offline: import sources, highlight "
        "claims and testimony, link them to case records, export a cited Word brief.",
        epilog="Run `casefile COMMAND --help` for each command. "
        "`casefile` alone, or `casefile CASEFILE`, opens the desktop app. "
        "Every failure prints one line on stderr and exits with status 1.",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    case_cmds.register(commands)
    source_cmds.register(commands)
    source_edit_cmds.register(commands)  # adds `edit` to the `source` command
    tag_cmds.register(commands)
    record_cmds.register(commands)
    annotate_cmds.register(commands)
    excerpt_cmds.register(commands)
    fact_cmds.register(commands)
    export_cmds.register(commands)
    history_cmds.register(commands)
    backup_cmds.register(commands)
    search_cmds.register(commands)
    translation_cmds.register(commands)
    _name_commands(parser)
    return parser


def _name_commands(parser: argparse.ArgumentParser) -> None:
    """Let each runnable command's namespace carry its parser, for error hints."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                sub.set_defaults(command_parser=sub)
                _name_commands(sub)


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    """The sub-commands' names, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []
