"""File › Export Bundle…: the bundle is built on the real database worker, with progress;
Stop leaves no file."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from casefile.ui.bundle_export import export_bundle
from casefile.ui.main_window import MainWindow
from tests.gui.conftest import settle


def _file_menu_action(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and "File" in action.text():
            for item in menu.actions():
                if item.objectName() == name:
                    return item
    return None


def test_export_bundle_writes_a_numbered_pdf(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = _file_menu_action(window, "export_bundle")
    assert action is not None and action.isEnabled()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    out = tmp_path / "bundle.pdf"
    moves: list[tuple[int, int]] = []
    window.worker.progressed.connect(lambda _job, done, total, _t: moves.append((done, total)))
    export_bundle(window.ctx, out, "RB")
    settle(window, 60)
    assert out.is_file()
    reader = pypdf.PdfReader(out)
    assert reader.page_labels[0] == "RB 1"
    assert shown and "bundle" in shown[0] and str(out) in shown[0]
    assert moves  # progress reached the GUI


def test_stop_leaves_no_file(qtbot: object, window: MainWindow, tmp_path: Path) -> None:
    if window.worker.inline:
        pytest.skip("an inline worker finishes before Stop can be pressed")
    out = tmp_path / "bundle.pdf"
    job = export_bundle(window.ctx, out, "AB")
    assert job is not None
    job.cancel()  # what the progress dialog's Stop button does
    settle(window, 60)
    QApplication.processEvents()
    assert not out.exists()
    assert not list(tmp_path.glob("*.pdf"))
