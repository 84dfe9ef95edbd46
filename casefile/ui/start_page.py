"""What a user sees with no case file open: New, Open, Open Demo, and recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.resources import resource


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(
            "<h1>Casefile</h1><p>Build evidence out of documents, offline.<br>"
            "Everything stays in one file on this computer.</p>",
            self,
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon = QLabel(self)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon_path = resource("icons", "casefile-128.png")
        if icon_path.exists():
            icon.setPixmap(QPixmap(str(icon_path)))
        buttons = QHBoxLayout()
        for text, signal in (
            ("&New Case File…", self.new_requested),
            ("&Open Case File…", self.open_requested),
            ("Open &Demo Case", self.demo_requested),
        ):
            button = QPushButton(text, self)
            button.setMinimumHeight(36)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        self.recent = QListWidget(self)
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        column = QWidget(self)  # a centred column: readable, and no minimum width forced on
        column.setMaximumWidth(760)  # the main window when a case file is open
        inner = QVBoxLayout(column)
        inner.addWidget(icon)
        inner.addWidget(title)
        inner.addLayout(buttons)
        inner.addWidget(QLabel("Recent case files:", self))
        inner.addWidget(self.recent, 1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
