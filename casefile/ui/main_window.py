"""The main window: sources on the left, the document in the centre, panels around it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from casefile.services import Case, Changes
from casefile.ui.controller import CaseController
from casefile.ui.document_view import DocumentView
from casefile.ui.find_bar import FindBar
from casefile.ui.menus import build_menus
from casefile.ui.models import ChronologyModel, ExcerptsModel, RecordsModel, SourcesModel
from casefile.ui.panels import PanelRefresher
from casefile.ui.start_page import StartPage
from casefile.ui.tag_model import TagTreeModel
from casefile.ui.tasks import TaskRunner
from casefile.ui.window_actions import WindowActions

MAX_RECENT = 10


def table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMaximumSectionSize(170)
    header.setResizeContentsPrecision(40)  # measure 40 rows, not all 10,000
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def stretch_first_column(view: QTableView) -> None:
    """The title or quotation takes the room; the short columns fit their content."""
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


class MainWindow(QMainWindow, WindowActions):
    def __init__(self, settings: QSettings, tasks: TaskRunner | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.tasks = tasks or TaskRunner(parent=self)
        self.controller: CaseController | None = None
        self.current_source: int | None = None
        self.setWindowTitle("Casefile")
        self.setAcceptDrops(True)
        self.resize(1400, 880)
        self._build_centre()
        self._build_docks()
        self.actions_by_name: dict[str, QAction] = {}
        build_menus(self)
        self.refresher = PanelRefresher(self)
        self.statusBar().addPermanentWidget(self.pinpoint_label)
        self._restore_layout()
        self.show_start_page()

    # -- construction ------------------------------------------------------------
    def _build_centre(self) -> None:
        self.start_page = StartPage(self)
        self.document = DocumentView(self)
        self.find_bar = FindBar(self.document, self)
        self.find_bar.hide()
        reader = QWidget(self)
        layout = QVBoxLayout(reader)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.document)
        layout.addWidget(self.find_bar)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(reader)
        self.setCentralWidget(self.stack)
        self.pinpoint_label = QLabel("", self)
        self.document.pinpoint_changed.connect(self.pinpoint_label.setText)
        self.document.excerpt_clicked.connect(self.select_excerpt)
        self.document.context_actions = self.fill_context_menu
        self.start_page.new_requested.connect(self.new_case_dialog)
        self.start_page.open_requested.connect(self.open_case_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_requested.connect(lambda path: self.open_case(Path(path)))

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.sources_model = SourcesModel()
        self.sources_view = table(self)
        self.sources_view.setModel(self.sources_model)
        self.sources_view.clicked.connect(self.source_activated)
        self.sources_view.activated.connect(self.source_activated)
        self.tags_model = TagTreeModel()
        self.tags_view = QTreeView(self)
        self.tags_view.setModel(self.tags_model)
        self.tags_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tags_view.customContextMenuRequested.connect(self.tag_context_menu)
        self.excerpts_model = ExcerptsModel()
        self.excerpts_view = table(self)
        self.excerpts_view.setModel(self.excerpts_model)
        self.excerpts_view.clicked.connect(self.excerpt_activated)
        self.excerpts_view.activated.connect(self.excerpt_activated)
        self.excerpt_scope = QComboBox(self)
        self.excerpt_scope.addItems(["This source", "All sources"])
        self.tag_filter = QComboBox(self)
        self.record_filter = QComboBox(self)
        for box in (self.excerpt_scope, self.tag_filter, self.record_filter):
            box.currentIndexChanged.connect(lambda _i: self.refresher.excerpts())
        filters = QHBoxLayout()
        for label, box in (
            ("Show:", self.excerpt_scope),
            ("Tag:", self.tag_filter),
            ("Record:", self.record_filter),
        ):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(box, 1)
        excerpt_panel = QWidget(self)
        panel_layout = QVBoxLayout(excerpt_panel)
        panel_layout.setContentsMargins(2, 2, 2, 2)
        panel_layout.addLayout(filters)
        panel_layout.addWidget(self.excerpts_view)
        self.records_model = RecordsModel()
        self.records_view = table(self)
        self.records_view.setModel(self.records_model)
        self.records_view.doubleClicked.connect(lambda _i: self.edit_record())
        self.chronology_model = ChronologyModel()
        self.chronology_view = table(self)
        self.chronology_view.setModel(self.chronology_model)
        self.chronology_view.activated.connect(self.chronology_activated)
        self.chronology_view.clicked.connect(self.chronology_activated)
        for view in (self.sources_view, self.records_view):
            stretch_first_column(view)
        excerpt_header = self.excerpts_view.horizontalHeader()
        excerpt_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        excerpt_header.resizeSection(0, 260)  # the quotation; the note gets what is left
        excerpt_header.setStretchLastSection(True)
        self.chronology_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.docks = {
            "sources": self._dock("Sources", "sources", self.sources_view, left),
            "tags": self._dock("Tags", "tags", self.tags_view, left),
            "excerpts": self._dock("Excerpts", "excerpts", excerpt_panel, right),
            "records": self._dock("Records", "records", self.records_view, right),
            "chronology": self._dock("Chronology", "chronology", self.chronology_view, right),
        }
        self.tabifyDockWidget(self.docks["records"], self.docks["chronology"])
        self.docks["records"].raise_()
        self.default_dock_sizes()

    def default_dock_sizes(self) -> None:
        self.resizeDocks([self.docks["sources"]], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["excerpts"]], [480], Qt.Orientation.Horizontal)
        self.resizeDocks(
            [self.docks["sources"], self.docks["tags"]], [520, 260], Qt.Orientation.Vertical
        )
        self.resizeDocks(
            [self.docks["excerpts"], self.docks["records"]], [420, 360], Qt.Orientation.Vertical
        )

    # -- case files ------------------------------------------------------------
    @property
    def case(self) -> Case:
        assert self.controller is not None, "no case file is open"
        return self.controller.case

    def open_case(self, path: Path, case: Case | None = None) -> bool:
        try:
            opened = case or Case.open(path)
        except Exception as error:
            QMessageBox.warning(self, "Cannot open case file", str(error))
            return False
        self.close_case()
        self.controller = CaseController(opened, self)
        self.controller.changed.connect(self.on_changed)
        self.controller.failed.connect(
            lambda message: QMessageBox.warning(self, "Casefile", message)
        )
        self.undo_action_slot()
        self._remember(path)
        self.setWindowTitle(f"{opened.title} — Casefile")
        self.stack.setCurrentIndex(1)
        for dock in getattr(self, "_docks_shown", []):
            dock.show()
        if getattr(self, "_docks_shown", []) and not self.settings.contains("state"):
            # first run: the default layout, once the shown docks have been laid out
            QTimer.singleShot(0, self.default_dock_sizes)
        self._docks_shown = []
        self.refresher.everything()
        first = self.sources_model.rows[0].id if self.sources_model.rows else None
        if first is not None:
            self.show_source(first)
        self.update_actions()
        return True

    def close_case(self) -> None:
        if self.controller is not None:
            self.controller.close()
            self.controller.deleteLater()
            self.controller = None
        self.current_source = None
        self.document.clear_source()
        self.undo_action_slot()

    def show_start_page(self) -> None:
        self.start_page.set_recent(self.recent_files())
        self.stack.setCurrentIndex(0)
        # empty panels around the start page only distract; they come back with a case file
        self._docks_shown = [d for d in self.docks.values() if d.isVisible()] or list(
            self.docks.values()
        )
        for dock in self.docks.values():
            dock.hide()
        self.update_actions()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if Path(p).exists()]

    def _remember(self, path: Path) -> None:
        path_text = str(path.resolve())
        recent = [p for p in self.recent_files() if p != path_text]
        self.settings.setValue("recent", [path_text, *recent][:MAX_RECENT])
        self.settings.setValue("last", path_text)

    # -- changes -----------------------------------------------------------------
    def on_changed(self, changes: Changes) -> None:
        self.refresher.apply(changes)
        self.update_actions()

    # -- layout and closing ------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        state = self.settings.value("state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.close_case()
        self.tasks.shutdown()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.controller is not None:
            event.acceptProposedAction()
            self.import_files(paths)
        elif len(paths) == 1 and paths[0].suffix == ".casefile":
            self.open_case(paths[0])
