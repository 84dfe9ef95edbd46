"""File › Export Bundle…: the bundle is built on the real database worker, with progress;
Stop leaves no file."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

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


def test_export_bundle_from_the_file_menu_writes_a_numbered_pdf(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = _file_menu_action(window, "export_bundle")
    assert action is not None and action.isEnabled()
    out = tmp_path / "bundle"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("RB", True))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    moves: list[tuple[int, int]] = []
    window.worker.progressed.connect(lambda _job, done, total, _t: moves.append((done, total)))
    action.trigger()  # File › Export Bundle…
    settle(window, 60)
    written = out.with_suffix(".pdf")
    assert written.is_file()
    reader = pypdf.PdfReader(written)
    assert reader.page_labels[0] == "RB 1"
    assert shown and "bundle" in shown[0] and str(written) in shown[0]
    assert moves  # progress reached the GUI
    assert window.settings.value("bundle/prefix") == "RB"  # remembered for next time


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
