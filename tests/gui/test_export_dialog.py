"""The export dialog (every CLI option, remembered per case, no silent overwrite) and the
source dialog (suggested values to confirm, the exhibit number), driven with real input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox

from casefile.domain.text import SourceMetadata
from casefile.export.brief_options import CitationStyle, Paper
from casefile.export.registry import exporters
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.source_ops import UpdateSource
from casefile.ui.export_dialog import ExportDialog, ExportSubject
from casefile.ui.forms import SourceDialog


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.casefile"
    build_demo(path).close()
    return path


def _choose(qtbot: object, combo: object, text: str) -> None:
    """Pick an entry of a combo box with the keyboard, as a user would."""
    combo.setFocus()  # type: ignore[attr-defined]
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    while combo.currentIndex() != index:  # type: ignore[attr-defined]
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up  # type: ignore[attr-defined]
        qtbot.keyClick(combo, key)  # type: ignore[attr-defined]


def test_the_dialog_offers_every_format_and_option_and_remembers_them_per_case(
    qtbot: object, demo: Path, tmp_path: Path, settings: QSettings
) -> None:
    with Case.open(demo) as case:
        dialog = ExportDialog(ExportSubject.of(case), settings)
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
        assert formats == [e.name for e in exporters()]
        dialog.path.setText(str(tmp_path / "out.docx"))
        _choose(qtbot, dialog.format, "Country information evidence schedule")
        _choose(qtbot, dialog.citation, "Bluebook")
        _choose(qtbot, dialog.paper, "US Letter")
        qtbot.mouseClick(dialog.once, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.pseudonyms, "Pak Chol-su|Cholsu=the Appellant")  # type: ignore[attr-defined]
        options = dialog.options()
        assert options.format == "schedule" and options.citation_style is CitationStyle.BLUEBOOK
        assert options.paper is Paper.LETTER and options.quote_once
        assert options.pseudonyms == (("Pak Chol-su|Cholsu", "the Appellant"),)
        _choose(qtbot, dialog.format, "CSV table")
        assert dialog.path.text().endswith("out.csv")  # the extension follows the format
        assert not dialog.paper.isEnabled()
        dialog.accept()
        again = ExportDialog(ExportSubject.of(case), settings)
        qtbot.addWidget(again)  # type: ignore[attr-defined]
        assert again.format_name() == "csv"
        assert again.pseudonyms.toPlainText() == "Pak Chol-su|Cholsu=the Appellant"
        assert again.options().citation_style is CitationStyle.BLUEBOOK
    other = tmp_path / "other.casefile"
    build_demo(other).close()
    with Case.open(other) as case:
        fresh = ExportDialog(ExportSubject.of(case), settings)
        qtbot.addWidget(fresh)  # type: ignore[attr-defined]
        assert fresh.format_name() == "docx" and not fresh.pseudonyms.toPlainText()


def test_the_dialog_asks_before_replacing_a_file(
    qtbot: object, demo: Path, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "brief.docx"
    existing.write_bytes(b"an earlier brief")
    answers: list[str] = []

    def ask(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        answers.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", ask)
    with Case.open(demo) as case:
        dialog = ExportDialog(ExportSubject.of(case), settings)
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        dialog.path.setText(str(existing))
        dialog.show()
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert answers and "brief.docx already exists" in answers[0]
        assert dialog.isVisible() and dialog.result() == 0  # not accepted: nothing overwritten
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert dialog.result() == 1


def test_the_source_dialog_shows_suggestions_to_confirm_and_the_exhibit(
    qtbot: object, demo: Path
) -> None:
    with Case.open(demo) as case:
        source = case.sources()[0]
        case.run(
            UpdateSource(source.id, {"published": "2013-12-23", "author": "python-docx"},
                         origins={"published": "file", "author": "file"})
        )  # fmt: skip
        info = case.source(source.id)
        dialog = SourceDialog(info)
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        assert set(dialog.confirms) == {"published", "author"}
        assert dialog.values() == {}  # OK without a change leaves suggestions as suggestions
        box = dialog.findChild(QCheckBox, "confirm_published")
        box.click()
        dialog.exhibit.selectAll()
        qtbot.keyClicks(dialog.exhibit, "42")  # type: ignore[attr-defined]
        values = dialog.values()
        assert values == {"published": "2013-12-23", "exhibit": "42"}
        case.run(UpdateSource(source.id, values))
        after = case.source(source.id)
    assert dict(after.origins).get("published", "user") == "user"
    assert dict(after.origins)["author"] == "file" and after.exhibit == 42


def test_metadata_typed_at_import_is_the_users(tmp_path: Path) -> None:
    from casefile.services.importing import prepare_import
    from casefile.services.source_ops import ImportSource

    document = tmp_path / "note.txt"
    document.write_text("A note.", encoding="utf-8")
    with Case.create(tmp_path / "c.casefile") as case:
        new = prepare_import(document, SourceMetadata(author="R. Field"))
        source_id = case.run(ImportSource(new)).result
        origins = dict(case.source(source_id or 0).origins)
    assert origins["author"] == "user" and origins["title"] == "guess"


def test_the_fact_dialog_sets_an_excerpts_fact_date_and_status(
    qtbot: object, window: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.ui.forms import FactDialog
    from tests.gui.conftest import select, settle

    dialog = FactDialog("", "")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.date, "2014-13")  # type: ignore[attr-defined]
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "c. 2014")  # type: ignore[attr-defined]
    _choose(qtbot, dialog.status, "Disputed")
    assert dialog.values() == ("c. 2014", "disputed")

    select(window, "Two officers carried him to the van")  # type: ignore[arg-type]
    window.actions_by_name["testimony"].trigger()  # type: ignore[attr-defined]
    settle(window)  # type: ignore[arg-type]
    monkeypatch.setattr(FactDialog, "exec", lambda self: 1)
    monkeypatch.setattr(FactDialog, "values", lambda self: ("2016-01-27", "disputed"))
    window.actions_by_name["fact"].trigger()  # type: ignore[attr-defined]
    settle(window)  # type: ignore[arg-type]
    excerpt = window.case.excerpts()[0]  # type: ignore[attr-defined]
    assert (excerpt.fact_date, excerpt.fact_status) == ("2016-01-27", "disputed")
    assert window.actions_by_name["undo"].text() == "&Undo Set Fact Date"  # type: ignore[attr-defined]
    window.actions_by_name["undo"].trigger()  # type: ignore[attr-defined]
    settle(window)  # type: ignore[arg-type]
    assert window.case.excerpts()[0].fact_date == ""  # type: ignore[attr-defined]
