"""The page view, driven as a user drives it: mouse on the page, keys, clicks.

A PDF with a text layer (three pages, made here) opens on its pages; text is
selected on page 2 by dragging the mouse, Ctrl+1 highlights it; a highlight
made in the text view is drawn over the right words of the right page; a click
on it selects its excerpt. The real threaded database worker runs every query.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.ui.main_window import MainWindow
from casefile.ui.page_view import PageView
from casefile.ui.worker import DbWorker
from tests.documents import make_pdf

PAGES = [
    "Country report on returns\nSection one: arrivals at the airport.\nNo incidents were recorded.",
    "Section two: detention after return.\nReturnees were held for four months.\n"
    "Two officers carried him to the van.",
    "Section three: 증인 statements 😀.\nThe witness saw the beating.",
]


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    pdf = make_pdf(tmp_path / "report.pdf", PAGES)
    path = tmp_path / "matter.casefile"
    with Case.create(path, title="Matter of P.") as case:
        case.run(ImportSource(prepare_import(pdf)))
    return path


def settle(window: MainWindow) -> None:
    for _ in range(4):
        assert window.worker.wait_idle(20), "the database worker did not finish"
        QApplication.processEvents()


@pytest.fixture
def window(qtbot: object, tmp_path: Path, case_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    worker = DbWorker()  # the real thread
    main = MainWindow(settings, worker)
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.resize(1500, 1000)
    main.show()
    main.open_case(case_path)
    settle(main)
    yield main
    main.close_case()
    worker.shutdown()


def pages_of(window: MainWindow) -> PageView:
    return window.parts["pages"].view  # type: ignore[attr-defined]


def wait_for_pages(qtbot: object, window: MainWindow) -> PageView:
    view = pages_of(window)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: view.page_count == 3 and view.page_map is not None and view.isVisible(),
        timeout=20000,
    )
    return view


def point_of(view: PageView, page: int, x: float, y: float) -> QPoint:
    """A page point (in PDF points) -> a viewport pixel."""
    rect = view.layout_.page_rect(page)
    scale = view.layout_.scale
    return QPoint(
        round(rect.left() + x * scale - view.horizontalScrollBar().value()),
        round(rect.top() + y * scale - view.verticalScrollBar().value()),
    )


def drag(qtbot: object, view: PageView, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)  # type: ignore[attr-defined]
    for step in range(1, 6):
        at = start + (end - start) * step / 5
        move = QMouseEvent(
            QMouseEvent.Type.MouseMove, QPointF(at), QPointF(viewport.mapToGlobal(at)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)  # type: ignore[attr-defined]


def test_a_pdf_opens_on_its_pages_with_its_labels(qtbot: object, window: MainWindow) -> None:
    view = wait_for_pages(qtbot, window)
    assert window.parts["pages"].showing()  # type: ignore[attr-defined]
    assert view.labels == ["1", "2", "3"]
    qtbot.waitUntil(lambda: view.cache.get(0, view.render_scale()) is not None, timeout=20000)  # type: ignore[attr-defined]
    view.scroll_to_page(2)
    qtbot.waitUntil(lambda: window.pinpoint_label.text() == "p. 3", timeout=5000)  # type: ignore[attr-defined]


def test_select_on_page_two_with_the_mouse_and_highlight_as_claim(
    qtbot: object, window: MainWindow, case_path: Path
) -> None:
    view = wait_for_pages(qtbot, window)
    source = window.ctx.current_source
    assert source is not None
    text = view.page_map and window.worker.case.text(source)  # type: ignore[union-attr]
    assert isinstance(text, str)
    quote = "held for four months"
    start = text.index(quote)
    end = start + len(quote)
    assert view.page_map is not None
    view.scroll_to_page(1)
    QApplication.processEvents()
    pieces = view.page_map.rects(start, end)
    assert [page for page, _box in pieces] == [1]  # one line on page 2
    first, last = view.page_map.run_at(start), view.page_map.run_at(end - 1)
    assert first is not None and last is not None
    i, j = start - first.start, end - 1 - last.start
    middle = (first.top + first.bottom) / 2
    press = point_of(view, 1, first.lefts[i] + 0.2 * (first.rights[i] - first.lefts[i]), middle)
    release = point_of(view, 1, last.rights[j] - 0.2 * (last.rights[j] - last.lefts[j]), middle)
    drag(qtbot, view, press, release)
    assert view.selection_span() == (start, end)
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    settle(window)
    with Case.open(case_path) as case:
        stored = [e for e in case.excerpts(source_id=source) if e.start == start]
        claim = case.tag_named("Claim").id
    assert len(stored) == 1, "Ctrl+1 stored one excerpt at the selected code points"
    excerpt = stored[0]
    assert (excerpt.start, excerpt.end) == (start, end)
    assert excerpt.exact == quote
    assert excerpt.pinpoint == "p. 2"
    assert excerpt.tag_ids == (claim,)


def tinted(color: QColor, target: QColor) -> bool:
    """A pixel of the page coloured by the highlight (white paper times the tag colour)."""
    if color.lightness() < 90:  # the glyphs themselves
        return False
    hue = target.hsvHue()
    return (
        color.saturation() > 40
        and min(abs(color.hsvHue() - hue), 360 - abs(color.hsvHue() - hue)) < 30
    )


def test_a_highlight_made_in_text_view_is_drawn_on_its_page_and_a_click_selects_it(
    qtbot: object, window: MainWindow
) -> None:
    view = wait_for_pages(qtbot, window)
    document = window.parts["document"].view  # type: ignore[attr-defined]
    qtbot.keyClick(
        view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.parts["pages"].showing(), timeout=5000)  # type: ignore[attr-defined]
    text = document.toPlainText()
    quote = "Two officers carried him"
    start = text.index(quote)
    end = start + len(quote)
    cursor = document.textCursor()
    cursor.setPosition(document.offsets.to_utf16(start))
    cursor.setPosition(document.offsets.to_utf16(end), cursor.MoveMode.KeepAnchor)
    document.setTextCursor(cursor)
    qtbot.keyClick(document, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    settle(window)
    excerpt_id = window.ctx.selected_excerpt
    assert excerpt_id is not None and excerpt_id > 0
    qtbot.keyClick(
        document,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.parts["pages"].showing(), timeout=5000)  # type: ignore[attr-defined]
    settle(window)
    qtbot.waitUntil(lambda: view.span_of(excerpt_id) is not None, timeout=10000)  # type: ignore[attr-defined]
    assert view.page_map is not None
    pieces = view.page_map.rects(start, end)
    assert [page for page, _box in pieces] == [1], "the words are on page 2"
    page, box = pieces[0]
    qtbot.waitUntil(lambda: view.cache.get(page, view.render_scale()) is not None, timeout=20000)  # type: ignore[attr-defined]
    view.clear_selection()
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    ratio = image.width() / view.viewport().width()
    colour = QColor(
        window.ctx.tags[
            next(t for t in window.ctx.tags if window.ctx.tags[t].name == "Testimony")
        ].color
    )

    def share_tinted(x0: float, y0: float, x1: float, y1: float) -> float:
        a, b = point_of(view, page, x0, y0), point_of(view, page, x1, y1)
        hits = total = 0
        for x in range(a.x() + 1, b.x() - 1, 2):
            for y in range(a.y() + 1, b.y() - 1, 2):
                total += 1
                hits += tinted(image.pixelColor(round(x * ratio), round(y * ratio)), colour)
        return hits / max(total, 1)

    x0, y0, x1, y1 = box
    inside = share_tinted(x0, y0, x1, y1)
    height = y1 - y0
    below = share_tinted(x0, y1 + 2 * height, x1, y1 + 3 * height)  # the blank below the last line
    assert inside > 0.4, f"only {inside:.0%} of the highlight rectangle shows the tag colour"
    assert below < 0.02, "the colour spills outside the words"
    window.ctx.excerpt_selected.emit(None)
    assert window.ctx.selected_excerpt is None
    centre = point_of(view, page, (x0 + x1) / 2, (y0 + y1) / 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # type: ignore[attr-defined]
    settle(window)
    assert window.ctx.selected_excerpt == excerpt_id
    assert view.selection_span() == (start, end)


def test_open_at_a_source_and_page_label(qtbot: object, window: MainWindow) -> None:
    from casefile.app import open_at, split_place

    assert split_place(["m.casefile", "--source", "7", "--page=vii"]) == (["m.casefile"], 7, "vii")
    view = wait_for_pages(qtbot, window)
    source = window.ctx.current_source
    assert source is not None
    window.ctx.show_source.emit(source, None, "3")
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=10000)  # type: ignore[attr-defined]
    assert window.pinpoint_label.text() == "p. 3"
    # as `casefile gui CASEFILE --source ID --page 2` does once the case file shows a source
    open_at(window, source, "2")
    window.ctx.source_shown.emit(source)
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=10000)  # type: ignore[attr-defined]
