"""The case's history: list it, undo and redo a step (checked against other writers)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.domain.errors import InvalidInput

if TYPE_CHECKING:  # the services load SQLAlchemy: only when a command runs
    from casefile.services import Case
    from casefile.services.journal import JournalEntry


def register(commands: Any) -> None:
    p = commands.add_parser("history", help="list the changes made to the case, newest first")
    add_case_argument(p)
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the newest N")
    add_json_flag(p)
    p.set_defaults(handler=history)

    for verb, what in (("undo", "the newest step that can be undone"),
                       ("redo", "the step undone last")):  # fmt: skip
        p = commands.add_parser(
            verb, help=f"{verb} a step of the history (default: {what}); refuses, changing "
            "nothing, if another change touched what it would change"
        )  # fmt: skip
        add_case_argument(p)
        p.add_argument("step", type=int, nargs="?", metavar="STEP", help="the step's id")
        p.set_defaults(handler=undo if verb == "undo" else redo)


def entry_json(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.id, "at": entry.at, "author": entry.author, "label": entry.label,
        "kind": entry.kind, "target": entry.target, "undone": entry.undone,
        "can_undo": entry.can_undo, "can_redo": entry.can_redo, "note": entry.note,
        "origin": entry.origin, "changes": entry.changes.to_json(),
    }  # fmt: skip


def _state(entry: JournalEntry) -> str:
    if entry.kind != "op":
        return f"(step {entry.target})"
    if entry.undone:
        return "undone" if entry.can_redo else "undone; cannot be redone"
    return "" if entry.can_undo else "cannot be undone"


def history(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        entries = case.journal(limit=args.limit)
    if args.json:
        print_json([entry_json(e) for e in entries])
    else:
        print_table(
            [[str(e.id), e.at.replace("T", " ").replace("+00:00", "Z"), e.author, e.label,
              _state(e)] for e in entries],
            ["STEP", "WHEN (UTC)", "WHO", "WHAT", "STATE"],
        )  # fmt: skip
    return 0


def _choose(case: Case, step: int | None, *, redo: bool) -> int:
    if step is not None:
        return step
    entries = case.journal()
    if redo:  # the step undone last comes back first
        redoable = {e.id for e in entries if e.can_redo}
        for entry in entries:
            if entry.kind == "undo" and entry.target in redoable:
                return entry.target
    for entry in entries:
        if entry.kind == "op" and (entry.can_redo if redo else entry.can_undo):
            return entry.id
    raise InvalidInput(f"nothing in the history can be {'redone' if redo else 'undone'}")


def _step(args: argparse.Namespace, *, redo: bool) -> int:
    with opened(args.casefile) as case:
        entry_id = _choose(case, args.step, redo=redo)
        label = next((e.label for e in case.journal() if e.id == entry_id), "")
        if redo:
            case.redo(entry_id)
        else:
            case.undo(entry_id)
    print(f"{'redid' if redo else 'undid'} step {entry_id}: {label}")
    return 0


def undo(args: argparse.Namespace) -> int:
    return _step(args, redo=False)


def redo(args: argparse.Namespace) -> int:
    return _step(args, redo=True)
