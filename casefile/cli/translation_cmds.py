"""``casefile translation add|list``: typed translations of sources, with their translator."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table


def register(commands: Any) -> None:
    p = commands.add_parser(
        "translation",
        help="attach a typed translation to a source (the bundle prints it after the original)",
    )
    verbs = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = verbs.add_parser("add", help="attach a translation file to a source")
    add_case_argument(add)
    add.add_argument("source_id", type=int, metavar="SOURCE_ID")
    add.add_argument("file", type=Path, metavar="FILE", help="the translation (TXT, DOCX, ...)")
    add.add_argument("--translator", required=True, metavar="NAME")
    add.add_argument("--qualifications", default="", metavar="Q")
    add.add_argument("--language", default="en", metavar="LANG", help="its language (en)")
    add.set_defaults(handler=add_translation)
    remove = verbs.add_parser("remove", help="remove a translation")
    add_case_argument(remove)
    remove.add_argument("translation_id", type=int, metavar="TRANSLATION_ID")
    remove.set_defaults(handler=remove_translation)
    listing = verbs.add_parser("list", help="list the translations")
    add_case_argument(listing)
    add_json_flag(listing)
    listing.set_defaults(handler=list_translations)


def add_translation(args: argparse.Namespace) -> int:
    from casefile.services.translation_ops import AddTranslation, prepare_translation

    with opened(args.casefile) as case:
        source = case.source(args.source_id)
        new = prepare_translation(args.file, args.translator, args.qualifications, args.language)
        translation_id = case.run(AddTranslation(source.id, new)).result
    print(
        f"added translation {translation_id} of source {source.id} by {new.translator}",
        file=sys.stderr,
    )
    return 0


def remove_translation(args: argparse.Namespace) -> int:
    from casefile.services.translation_ops import RemoveTranslation

    with opened(args.casefile) as case:
        case.run(RemoveTranslation(args.translation_id))
    print(f"casefile: removed translation {args.translation_id}", file=sys.stderr)
    return 0


def list_translations(args: argparse.Namespace) -> int:
    from casefile.services.translation_ops import translations

    with opened(args.casefile) as case:
        found = translations(case)
    if args.json:
        print_json(
            [
                {"id": t.id, "source_id": t.source_id, "filename": t.filename,
                 "translator": t.translator, "qualifications": t.qualifications,
                 "language": t.language, "sha256": t.sha256}
                for t in found
            ]
        )  # fmt: skip
    else:
        rows = [[str(t.id), str(t.source_id), t.language, t.translator, t.filename] for t in found]
        print_table(rows, ["id", "source", "language", "translator", "file"])
    return 0
