"""The command line: ``casefile COMMAND ...``. Uses the core only; Qt only for ``gui``.

Every failure is one line on stderr and exit status 1 (usage errors too);
operations are transactional, so a failed command leaves the case file as it was.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from casefile.domain.errors import CasefileError

EXIT_FAILURE = 1


def _route(args: list[str], commands: list[str]) -> list[str]:
    """`casefile` and `casefile FILE.casefile` open the desktop app; a mistyped command
    is an error rather than a case file of that name."""
    if not args:
        return ["gui"]
    first = args[0]
    if first in commands or first.startswith("-"):
        return args
    if first.endswith(".casefile") or Path(first).exists():
        return ["gui", *args]
    close = difflib.get_close_matches(first, commands, n=1)
    guess = f" (did you mean `casefile {close[0]}`?)" if close else ""
    raise CasefileError(f"{first!r} is not a command{guess}; see `casefile --help`")


def main(argv: Sequence[str] | None = None) -> int:
    from casefile.cli.parser import build_parser, command_names

    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_route(args_list, command_names(parser)))
        result: int = args.handler(args)
    except CasefileError as error:
        print(f"casefile: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # `casefile excerpts ... | head`
        sys.stderr.close()
        return 0
    except OSError as error:  # a folder that cannot be written, a disk that is full
        where = f"{error.filename}: " if error.filename else ""
        print(f"casefile: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("casefile: interrupted", file=sys.stderr)
        return 130
    return result
