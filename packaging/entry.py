"""The bundle's entry point: the command line (which starts the desktop app by default)."""

import multiprocessing
import sys

from casefile.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the PDF reader runs in a child process
    sys.exit(main())
