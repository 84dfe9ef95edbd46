"""The main window's panes and size: F6 focus cycling, fitting the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow


def panes_of(self: MainWindow) -> list[QWidget]:
    """The focus targets of F6, in reading order: the centre, then every open panel
    (a panel behind another's tab is raised when F6 reaches it)."""
    panes: list[QWidget] = []
    centre = self.centre_tabs.currentWidget()
    for part in self.parts.values():
        if part.area is None and part.widget() is centre and centre.isVisible():
            panes.append(part.focus_widget())
    for name, dock in self.docks.items():
        if dock.toggleViewAction().isChecked() and self.stack.currentIndex() == 1:
            panes.append(self.parts[name].focus_widget())
    return panes


def cycle_focus(self: MainWindow, step: int) -> None:
    panes = panes_of(self)
    if not panes:
        return
    focus = QGuiApplication.focusObject()
    current = next(
        (
            i
            for i, p in enumerate(panes)
            if isinstance(focus, QWidget) and (focus is p or p.isAncestorOf(focus))
        ),
        -1,
    )
    target = panes[(current + step) % len(panes)] if current >= 0 else panes[0 if step > 0 else -1]
    for dock in self.docks.values():
        if dock.isAncestorOf(target):
            dock.raise_()
    target.setFocus(Qt.FocusReason.OtherFocusReason)


def clamp_to_screen(self: MainWindow) -> None:
    """A saved geometry (from a bigger screen, or 2× scaling) never exceeds this one."""
    screen = self.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room: QRect = screen.availableGeometry()
    frame = self.frameGeometry()
    extra_w = max(0, frame.width() - self.width())
    extra_h = max(0, frame.height() - self.height())
    width = min(self.width(), room.width() - extra_w)
    height = min(self.height(), room.height() - extra_h)
    if self.isMaximized():
        return
    self.resize(max(width, 400), max(height, 300))
    x = min(max(self.x(), room.left()), room.right() - self.frameGeometry().width() + 1)
    y = min(max(self.y(), room.top()), room.bottom() - self.frameGeometry().height() + 1)
    self.move(max(x, room.left()), max(y, room.top()))
