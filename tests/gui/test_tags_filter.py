"""The Tags tree: moving the current tag with the arrow keys filters the Excerpts at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casefile.ui.main_window import MainWindow
from tests.gui.conftest import settle
from tests.gui.test_coding_surface import highlight


def _shown(window: MainWindow) -> tuple[object, set[str]]:
    excerpts = window.parts["excerpts"]
    rows = excerpts.model.rows  # type: ignore[attr-defined]
    return excerpts.tag_filter.currentData(), {e.exact for e in rows}  # type: ignore[attr-defined]


def test_arrow_keys_in_the_tags_tree_filter_the_excerpts(window: MainWindow, qtbot: QtBot) -> None:
    highlight(qtbot, window, "AMBASSADOR", Qt.Key.Key_1)
    highlight(qtbot, window, "He had no shoes on.", Qt.Key.Key_2)
    by_name = {t.name: t for t in window.case.tags()}  # type: ignore[union-attr]
    tagged = {
        name: {e.exact for e in window.case.excerpts() if tag.id in e.tag_ids}  # type: ignore[union-attr]
        for name, tag in by_name.items()
    }
    assert sum(1 for quotes in tagged.values() if quotes) == 2  # two tags, one excerpt each

    tree = window.parts["tags"].view  # type: ignore[attr-defined]
    model = window.parts["tags"].model  # type: ignore[attr-defined]
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)  # no Enter, no click: only moving
    settle(window)
    seen = []
    for _ in range(model.rowCount()):
        tag = tree.currentIndex().data(Qt.ItemDataRole.DisplayRole)
        tag_id, quotes = _shown(window)
        name = next(n for n, t in by_name.items() if t.id == tag_id)
        assert str(tag).startswith(name) and quotes == tagged[name]
        seen.append(name)
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        settle(window)
    assert {n for n, quotes in tagged.items() if quotes} <= set(seen)
