"""File › Restore from Backup…: choose one of the case's automatic snapshots.

The list is read on the worker. Restoring closes the case (releasing its lock),
replaces the file on the worker (the replaced case is kept as a backup, a stray
``-wal`` is never applied) and opens the restored case.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from casefile.services.backups import BackupInfo, list_backups, restore
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import describe

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow


class BackupPicker(QDialog):
    def __init__(self, case_name: str, backups: list[BackupInfo], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.resize(520, 360)
        label = QLabel(
            f"Backups of {case_name}, newest first. The case as it is now is kept as a "
            "backup too, so a restore can be undone by restoring that one.",
            self,
        )
        label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups")
        for info in backups:
            when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{when}   {info.reason}   {info.size / 1_000_000:.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _i: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.setFocus()

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def restore_from_backup(ctx: PartContext, window: MainWindow) -> None:
    path = ctx.case_path
    if path is None:
        QMessageBox.information(
            window, "Restore from Backup", "Open the case file whose backup you want first."
        )
        return

    def chosen(backups: list[BackupInfo]) -> None:
        if not backups:
            QMessageBox.information(
                window, "Restore from Backup", f"There are no backups of {path.name} yet."
            )
            return
        picker = BackupPicker(path.name, backups, window)
        if not picker.exec() or (backup := picker.chosen()) is None:
            return
        window.close_case()  # lets go of the file and its lock (queued on the worker)

        def restored(_kept: object) -> None:
            window.open_case(path)
            ctx.message(f"Restored {path.name} from the backup of {backup.name[:15]}…", 8000)

        def failed(error: BaseException) -> None:
            QMessageBox.warning(window, "Not restored", describe(error))
            window.open_case(path)

        window.worker.task(lambda _c, _j: restore(path, backup), restored, failed)

    window.worker.task(lambda _c, _j: list_backups(path), chosen)
