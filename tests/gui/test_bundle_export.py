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


def test_add_translation_dialog_typed_by_the_user_stores_it_undoably(
    qtbot: object, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from casefile.services import Case
    from casefile.services.translation_ops import translations
    from casefile.ui.translation_dialog import TranslationDialog, add_translation

    file = tmp_path / "translation.txt"
    file.write_text("Interview transcript (translated).\n\nAMBASSADOR: ...\n", encoding="utf-8")
    dialog = TranslationDialog("Interview", window)

    def type_in() -> None:
        QTest.keyClicks(dialog.file, str(file))
        QTest.keyClicks(dialog.translator, "Min-ji Lee")
        QTest.keyClicks(dialog.qualifications, "DPSI (Korean)")
        QTest.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    QTimer.singleShot(0, type_in)
    add_translation(window.ctx, dialog)
    settle(window, 30)
    source = window.ctx.current_source
    with Case.open(window.ctx.case_path) as case:  # type: ignore[arg-type]
        stored = translations(case, source)
    assert [(t.translator, t.qualifications, t.language) for t in stored] == [
        ("Min-ji Lee", "DPSI (Korean)", "en")
    ]
    window.worker.undo()
    settle(window, 30)
    with Case.open(window.ctx.case_path) as case:  # type: ignore[arg-type]
        assert translations(case, source) == []
