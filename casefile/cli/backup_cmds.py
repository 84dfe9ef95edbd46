"""Backups from the command line: a consistent copy now, the automatic ones, restoring."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casefile.cli.common import add_case_argument, add_json_flag, print_json, print_table
from casefile.domain.errors import InvalidInput


def register(commands: Any) -> None:
    p = commands.add_parser(
        "backup", help="write a consistent single-file copy of a case (even while it is open)"
    )
    add_case_argument(p)
    p.add_argument("out", type=Path, metavar="OUT", help="the copy to write (must not exist)")
    p.set_defaults(handler=backup)

    p = commands.add_parser("backups", help="list a case's automatic backups, newest first")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=list_backups)

    p = commands.add_parser(
        "restore", help="replace a case with one of its backups (the replaced case is kept "
        "as a backup too)"
    )  # fmt: skip
    add_case_argument(p)
    p.add_argument(
        "backup", metavar="BACKUP",
        help="a backup file, or its number (1 = newest) in `casefile backups`",
    )  # fmt: skip
    p.set_defaults(handler=restore)


def backup(args: argparse.Namespace) -> int:
    from casefile.services import backups

    out = backups.snapshot(args.casefile, args.out)
    print(f"wrote {out}")
    return 0


def list_backups(args: argparse.Namespace) -> int:
    from casefile.services import backups

    found = backups.list_backups(args.casefile)
    if args.json:
        print_json(
            [{"number": n, "path": str(b.path), "created": b.created.isoformat(),
              "reason": b.reason, "size": b.size} for n, b in enumerate(found, 1)]
        )  # fmt: skip
    else:
        print_table(
            [[str(n), b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"), b.reason,
              f"{b.size / 1024:.0f} KB", str(b.path)] for n, b in enumerate(found, 1)],
            ["#", "WHEN", "WHY", "SIZE", "FILE"],
        )  # fmt: skip
    return 0


def _backup_path(case: Path, name: str) -> Path:
    from casefile.services import backups

    candidate = Path(name)
    if candidate.is_file():
        return candidate
    if name.isdigit():
        found = backups.list_backups(case)
        if 1 <= int(name) <= len(found):
            return found[int(name) - 1].path
        raise InvalidInput(f"there is no backup number {name} (see `casefile backups {case}`)")
    raise InvalidInput(f"{name}: no such backup file")


def restore(args: argparse.Namespace) -> int:
    from casefile.services import backups

    chosen = _backup_path(args.casefile, args.backup)
    kept = backups.restore(args.casefile, chosen)
    print(f"restored {args.casefile} from {chosen}")
    if kept is not None:
        print(f"the replaced case was kept as {kept}")
    return 0
