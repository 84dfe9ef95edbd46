"""File › Import Web Pages (Full Page Text)…: the GUI's way to the CLI's --full-page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.ui.main_window import MainWindow
from tests.documents import HTML_PAGE
from tests.gui.conftest import settle


@pytest.mark.parametrize("full_page", [False, True])
def test_a_web_page_keeps_its_whole_text_when_asked_from_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_page: bool
) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(page)], ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    before = {s.id for s in window.case.sources()}
    name = "import_full_page" if full_page else "import"
    window.actions_by_name[name].trigger()
    settle(window)
    new = [s for s in window.case.sources() if s.id not in before]
    assert len(new) == 1
    text = window.case.text(new[0].id)
    # "Most read" is the page's sidebar: left out of the article, kept in the full page
    assert ("Most read" in text) is full_page
    assert "SCRIPT TEXT" not in text
