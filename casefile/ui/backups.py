"""File › Restore from Backup…: pick one of the case's automatic snapshots."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from casefile.ui.parts.base import PartContext


def restore_from_backup(ctx: PartContext, window: QMainWindow) -> None:
    QMessageBox.information(window, "Restore from Backup", "No backups are kept yet.")
