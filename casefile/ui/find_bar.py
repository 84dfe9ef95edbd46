"""Find in document: a bar under the text (Ctrl+F), Enter for next, Shift+Enter for previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from casefile.ui.document_view import DocumentView


class FindBar(QWidget):
    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Find in document")
        self.query.setClearButtonEnabled(True)
        self.status = QLabel("", self)
        previous = QPushButton("Previous", self)
        following = QPushButton("Next", self)
        close = QPushButton("Close", self)
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find())
        close.clicked.connect(self.hide)
        self.query.returnPressed.connect(self.find)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        for widget in (QLabel("Find:", self), self.query, previous, following, self.status, close):
            layout.addWidget(widget)

    def open(self) -> None:
        self.show()
        self.query.setFocus()
        self.query.selectAll()

    def find(self, backward: bool = False) -> bool:  # type: ignore[override]
        found = self.view.find_text(self.query.text(), backward)
        self.status.setText("" if found or not self.query.text() else "Not found")
        return found

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.view.setFocus()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find(backward=True)
        else:
            super().keyPressEvent(event)
