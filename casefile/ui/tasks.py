"""Work off the GUI thread: one worker, results handed back on the GUI thread.

Work functions are plain Python (no Qt); they receive nothing from the GUI
but their arguments. Tests run tasks inline (``TaskRunner(inline=True)``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class TaskRunner(QObject):
    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inline = inline
        self._executor = None if inline else ThreadPoolExecutor(1, thread_name_prefix="casefile")
        self._finished.connect(self._deliver)
        self.pending = 0

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any, BaseException | None], None],
    ) -> None:
        """Run ``work()`` on the worker; then ``done(result, error)`` on the GUI thread."""
        self.pending += 1
        if self._executor is None:
            try:
                result, error = work(), None
            except Exception as raised:
                result, error = None, raised
            self._deliver(done, result, error)
            return
        future = self._executor.submit(work)
        future.add_done_callback(
            lambda f: None if f.cancelled() else self._finished.emit(done, *self._outcome(f))
        )

    @staticmethod
    def _outcome(future: Future[Any]) -> tuple[Any, BaseException | None]:
        error = future.exception()
        return (None, error) if error else (future.result(), None)

    @Slot(object, object, object)
    def _deliver(self, done: Any, result: Any, error: Any) -> None:
        self.pending -= 1
        done(result, error)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
