"""Is there a display for the desktop app? Asked before Qt is loaded.

Without one, Qt aborts with its own message ("could not connect to display …
Reinstalling the application may fix this problem", exit 134), which blames the
wrong thing; Casefile says what is missing and points to the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "casefile: no display found — the desktop app needs a graphical session; "
    "the command line works without one: casefile --help"
)
# Qt platforms that draw without a window system
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb"})


def display_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True on a Unix-like system (not macOS) with no X11 or Wayland display to draw on."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    qpa = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if qpa in HEADLESS_PLATFORMS:
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
