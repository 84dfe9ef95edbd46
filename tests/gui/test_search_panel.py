"""The Search panel and the To Review panel, driven with real key presses.

Each test runs twice: with the real database thread and with jobs inline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from casefile.ui.main_window import MainWindow
from casefile.ui.parts.review import ReviewPart
from casefile.ui.parts.search import SearchPart
from tests.gui.conftest import TEXT, select, settle
from tests.gui.test_main_window import CTRL, press, view_of

SHIFT = Qt.KeyboardModifier.ShiftModifier


def search_part(window: MainWindow) -> SearchPart:
    part = window.parts["search"]
    assert isinstance(part, SearchPart)
    return part


def type_query(qtbot: object, window: MainWindow, query: str) -> SearchPart:
    """Ctrl+Shift+F, type the query, Enter: as a user does."""
    press(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    part = search_part(window)
    assert window.docks["search"].isVisible()
    assert part.query.hasFocus()
    if query.isascii():
        qtbot.keyClicks(part.query, query)  # type: ignore[attr-defined]
    else:  # QTest types ASCII only; other scripts arrive as an input method commits them
        part.query.insert(query)
    qtbot.keyClick(part.query, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    return part


def test_ctrl_shift_f_finds_hits_and_enter_opens_the_source_at_the_hit(
    qtbot: object, window: MainWindow
) -> None:
    part = type_query(qtbot, window, "посол OR 증인 OR refugee")
    groups = part.results.topLevelItemCount()
    assert groups == 1
    group = part.results.topLevelItem(0)
    assert group is not None and group.childCount() == 3
    assert "3 hits in 1 source" in part.status.text()
    snippets = [group.child(i).text(1) for i in range(3)]
    assert snippets[0].count("【refugee】") == 1 and "【Посол】" in snippets[1]
    part.results.setFocus()
    part.results.setCurrentItem(group.child(0))
    qtbot.keyClick(part.results, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    qtbot.keyClick(part.results, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    start = TEXT.index("Посол")
    assert view_of(window).selection_span() == (start, start + len("Посол"))


def test_bad_syntax_is_shown_in_the_panel(qtbot: object, window: MainWindow) -> None:
    part = type_query(qtbot, window, '"unclosed phrase')
    assert "closing quote" in part.status.text()
    assert part.results.topLevelItemCount() == 0


def test_filter_by_tag_narrows_the_hits(qtbot: object, window: MainWindow) -> None:
    select(window, "Two officers carried him")
    press(qtbot, window, Qt.Key.Key_1, CTRL)  # the first tag
    settle(window)
    part = type_query(qtbot, window, "officers OR van")
    assert "2 hits" in part.status.text()
    tag = window.case.excerpts()[0].tag_ids[0]
    part.tag.setCurrentIndex(part.tag.findData(tag))
    part.query.setFocus()
    qtbot.keyClick(part.query, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    assert "1 hit in 1 source" in part.status.text()


def test_highlight_all_hits_is_one_undo_step(
    qtbot: object, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Claim", True))

    def confirm(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    part = type_query(qtbot, window, "him OR he")
    qtbot.mouseClick(part.code_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    settle(window)
    assert "Highlight 2 hit(s)" in asked[0] and "【him】" in asked[0]
    excerpts = window.case.excerpts()
    assert sorted(e.exact for e in excerpts) == ["He", "him"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # one undo removes them all
    settle(window)
    assert window.case.excerpts() == []


def test_replace_with_new_version_and_review_orphans(
    qtbot: object, window: MainWindow, tmp_path: Path
) -> None:
    select(window, "He had no shoes on.")
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    select(window, "AMBASSADOR: No refugee")
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle(window)
    edition = tmp_path / "interview-v2.txt"
    edition.write_text("Second edition.\n\n" + TEXT.replace("He had no shoes on.", ""), "utf-8")
    review = window.parts["review"]
    assert isinstance(review, ReviewPart)
    source = window.ctx.current_source
    assert source is not None
    review.replace_with(source, edition)
    settle(window)
    statuses = sorted(str(e.status) for e in window.case.excerpts())
    assert statuses == ["anchored", "orphaned"]
    assert view_of(window).toPlainText() == window.case.text(source)  # the new text is shown
    assert view_of(window).toPlainText().startswith("Second edition.")
    assert window.docks["review"].isVisible()
    assert review.model.rowCount() == 1
    assert "He had no shoes on." in review.model.data(review.model.index(0, 0))
    # place the orphan again: select words in the document, then Place at Selection
    select(window, "Two officers carried him")
    review.view.selectRow(0)
    button = review.box.findChild(QPushButton, "review_place")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    settle(window)
    assert [str(e.status) for e in window.case.excerpts()] == ["anchored", "anchored"]
    assert "Two officers carried him" in [e.exact for e in window.case.excerpts()]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # undo the placing
    settle(window)
    assert sorted(str(e.status) for e in window.case.excerpts()) == ["anchored", "orphaned"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # undo the new version
    settle(window)
    assert window.case.text(source) == TEXT
    assert view_of(window).toPlainText() == TEXT  # and the old one again after Undo
    assert [str(e.status) for e in window.case.excerpts()] == ["anchored", "anchored"]


def test_importing_the_same_text_again_asks_and_skips_by_default(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    shown: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    again = tmp_path / "interview-copy.html"
    again.write_text("<html><body>" + "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n"))
                     + "</body></html>", encoding="utf-8")  # fmt: skip
    window.import_export.import_files([again])
    settle(window)
    assert "holds the same text as source 1" in asked[0]
    assert len(window.case.sources()) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.import_export.import_files([again])
    settle(window)
    assert len(window.case.sources()) == 2


def test_a_hit_in_another_source_opens_it_with_the_hit_selected(
    qtbot: object, window: MainWindow, tmp_path: Path
) -> None:
    other = tmp_path / "second.txt"
    other.write_text("A second report about the border crossing.", encoding="utf-8")
    window.import_export.import_files([other])
    settle(window)
    first = window.case.sources()[0].id
    assert window.ctx.current_source != first  # the new source is shown
    part = type_query(qtbot, window, "officers")
    part.results.setFocus()
    qtbot.keyClick(part.results, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert window.ctx.current_source == first
    start = TEXT.index("officers")
    assert view_of(window).selection_span() == (start, start + len("officers"))
