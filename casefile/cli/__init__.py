"""The command line: ``casefile COMMAND ...``. Uses the core only; Qt only for ``gui``.

Every failure is one line on stderr and a non-zero exit; operations are
transactional, so a failed command leaves the case file as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from casefile.cli.parser import COMMANDS, build_parser
from casefile.domain.errors import CasefileError

EXIT_FAILURE = 1


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `casefile` and `casefile FILE.casefile` open the desktop app.
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list = ["gui", *args_list]
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        result: int = args.handler(args)
    except CasefileError as error:
        print(f"casefile: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # `casefile excerpts ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("casefile: interrupted", file=sys.stderr)
        return 130
    return result
