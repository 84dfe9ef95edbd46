"""The bundle's entry point: the command line (which starts the desktop app by default)."""

import multiprocessing
import sys

from casefile.cli import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["--casefile-pdf-reader"]:  # the PDF reader's child process
        from casefile.ingest.pdf_reader import main as read_pdf

        read_pdf()
        sys.exit(0)
    multiprocessing.freeze_support()
    sys.exit(main())
