"""The database worker: ONE thread runs every ``Case`` call of the GUI.

Queries and operations are submitted as jobs; their results come back on the
GUI thread (a queued signal), so the window never waits for SQLite. An
operation that succeeded on the worker becomes a step of the undo history;
Undo and Redo run on the worker too, and a failed one is always reported
(``failed``) and removed from the history, so the history only ever offers
what can still be done. Work functions never touch Qt.

Tests may run jobs inline (``DbWorker(inline=True)``); the default is the real
thread, which the GUI tests use as well.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from casefile.domain.errors import CasefileError
from casefile.services import Applied, Case, Changes, Operation
from casefile.ui.undo_history import Step, UndoHistory

T = TypeVar("T")
POLL_MS = 1000


class Cancelled(Exception):
    """Raised inside a job's work function when the user cancelled it."""


@dataclass(eq=False)
class Job:
    """One piece of work; long work reports progress and checks ``cancelled``."""

    generation: int
    label: str = ""
    _cancel: threading.Event = field(default_factory=threading.Event)
    _progress: Callable[[int, int, str], None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Call between safe points of long work: stops it if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled(self.label)

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self._progress is not None:
            self._progress(done, total, text)


def describe(error: BaseException) -> str:
    """A message for the user: ours as written, anything else named as unexpected."""
    if isinstance(error, CasefileError):
        return str(error)
    if isinstance(error, Cancelled):
        return "Cancelled."
    return f"Unexpected error: {error!r}"


class DbWorker(QObject):
    """Owns the open ``Case`` and the one thread that may use it."""

    failed = Signal(str, str)  # title, message: something the user must be told
    changed = Signal(object)  # Changes, from our operations, undo/redo and other processes
    history_changed = Signal()
    busy_changed = Signal(bool)
    progressed = Signal(object, int, int, str)  # job, done, total, text
    _finished = Signal(object, object, object, object)  # generation, done, result, error

    def __init__(self, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inline = inline
        self._executor = None if inline else ThreadPoolExecutor(1, thread_name_prefix="casefile-db")
        self._finished.connect(self._deliver)
        self.case: Case | None = None
        self.generation = 0  # bumped when a case closes: late results are dropped
        self.pending = 0
        self.history = UndoHistory()
        self._undoing = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._data_version: int | None = None
        self._polling = False
        self.author = ""

    # -- the open case ---------------------------------------------------------
    def open(
        self,
        opener: Callable[[], Case],
        done: Callable[[Case], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Open (or create) a case on the worker; ``done`` gets it on the GUI thread."""
        self.close()

        def work() -> Case:
            case = opener()
            self._data_version = _data_version(case)
            return case

        def opened(case: Case) -> None:
            self.case = case
            self._poll.start()
            done(case)

        self._submit(work, opened, error, generation=self.generation)

    def close(self) -> None:
        """Forget the open case; the worker closes it after the jobs already queued."""
        case, self.case = self.case, None
        self._poll.stop()
        self.generation += 1
        self.history.clear()
        self.history_changed.emit()
        if case is not None:
            self._submit(lambda: _close(case), lambda _r: None, lambda _e: None, generation=-1)

    def shutdown(self) -> None:
        self.close()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=False)
            self._executor = None

    # -- jobs ----------------------------------------------------------------------
    def query(
        self,
        fn: Callable[[Case], T],
        done: Callable[[T], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
    ) -> Job | None:
        """Run ``fn(case)`` on the worker; ``done(result)`` on the GUI thread.

        Without ``error``, a failure is reported to the user (``failed``).
        Returns None (and does nothing) when no case is open.
        """
        case = self.case
        if case is None:
            return None
        return self._submit(lambda: fn(case), done, error)

    def task(
        self,
        fn: Callable[[Case | None, Job], T],
        done: Callable[[T], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> Job:
        """Long work with progress and cancel: ``fn(case, job)`` (case may be None)."""
        case = self.case
        job = Job(self.generation, label)
        job._progress = lambda d, t, s: self.progressed.emit(job, d, t, s)
        self._submit(lambda: fn(case, job), done, error, job=job)
        return job

    def run(
        self,
        operation: Operation,
        done: Callable[[int | None], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
    ) -> Job | None:
        """Apply an operation on the worker as one undoable step.

        On success the step joins the undo history, ``changed`` is emitted
        and ``done(result)`` runs; on failure the history is untouched.
        """
        case = self.case
        if case is None:
            return None

        def work() -> Applied:
            applied = case.run(operation)
            self._data_version = _data_version(case)  # our own write is no news
            return applied

        def applied_ok(applied: Applied) -> None:
            self.history.push(Step(operation.label, backward=applied.inverse))
            self.history_changed.emit()
            self.changed.emit(applied.changes)
            if done is not None:
                done(applied.result)

        return self._submit(work, applied_ok, error)

    # -- undo and redo ---------------------------------------------------------------
    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    @property
    def stepping(self) -> bool:
        return self._undoing

    def _step(self, undo: bool) -> None:
        case = self.case
        step = self.history.next_undo() if undo else self.history.next_redo()
        if case is None or step is None or self._undoing:
            return
        operation = step.backward if undo else step.forward
        assert operation is not None
        self._undoing = True
        self.history_changed.emit()

        def work() -> Applied:
            applied = case.run(operation)
            self._data_version = _data_version(case)
            return applied

        def ok(applied: Applied) -> None:
            self._undoing = False
            if undo:
                self.history.mark_undone(applied.inverse)
            else:
                self.history.mark_redone(applied.inverse)
            self.history_changed.emit()
            self.changed.emit(applied.changes)

        def failed(raised: BaseException) -> None:
            self._undoing = False
            what = "Undo" if undo else "Redo"
            self.history.drop_failed(undo)
            self.history_changed.emit()
            self.failed.emit(
                f"{what} failed",
                f"Could not {what.lower()} “{step.label}”: {describe(raised)}\n\n"
                f"Nothing was changed, and “{step.label}” was taken off the {what} list.",
            )
            self.changed.emit(_everything())  # show what the case holds now

        self._submit(work, ok, failed)

    # -- other processes ------------------------------------------------------------
    def poll(self) -> None:
        """Ask (on the worker) whether another process wrote to the case."""
        case = self.case
        if case is None or self._polling:
            return
        self._polling = True

        def work() -> bool:
            now = _data_version(case)
            moved = self._data_version is not None and now != self._data_version
            self._data_version = now
            return moved

        def done(moved: bool) -> None:
            self._polling = False
            if moved:
                self.changed.emit(_everything())

        def error(_raised: BaseException) -> None:
            self._polling = False

        self._submit(work, done, error)

    # -- plumbing --------------------------------------------------------------------
    def _submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None,
        error: Callable[[BaseException], None] | None,
        generation: int | None = None,
        job: Job | None = None,
    ) -> Job:
        job = job or Job(self.generation if generation is None else generation)
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)
        callbacks = (done, error)
        if self._executor is None:
            try:
                result, failure = work(), None
            except Exception as raised:
                result, failure = None, raised
            self._deliver(job, callbacks, result, failure)
            return job

        def run() -> None:
            try:
                result, failure = work(), None
            except BaseException as raised:  # handed to the GUI thread, never lost
                result, failure = None, raised
            self._finished.emit(job, callbacks, result, failure)

        self._executor.submit(run)
        return job

    @Slot(object, object, object, object)
    def _deliver(self, job: Job, callbacks: Any, result: Any, failure: Any) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busy_changed.emit(False)
        done, error = callbacks
        if job.generation not in (self.generation, -1):
            return  # the case it was for is closed
        if failure is None:
            if done is not None:
                done(result)
        elif error is not None:
            error(failure)
        elif not isinstance(failure, Cancelled):
            self.failed.emit("Casefile", describe(failure))

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """For tests and shutdown: process events until no job is pending."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        deadline = QDeadlineTimer(int(timeout_s * 1000))
        while self.pending and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(1)
        return self.pending == 0


def _data_version(case: Case) -> int:
    """``PRAGMA data_version`` on the case's polling connection (worker thread only)."""
    method = getattr(case, "data_version", None)
    if method is not None:
        return int(method())
    connection = getattr(case, "_casefile_poll_connection", None)
    if connection is None:
        connection = case.engine.raw_connection()
        case._casefile_poll_connection = connection  # type: ignore[attr-defined]
    row = connection.cursor().execute("PRAGMA data_version").fetchone()
    return int(row[0])


def _close(case: Case) -> None:
    connection = getattr(case, "_casefile_poll_connection", None)
    if connection is not None:
        connection.close()
    case.close()


def _everything() -> Changes:
    """A change record that tells every part to reload what it shows."""
    everything = getattr(Changes, "everything", None)
    if everything is not None:
        return everything()  # type: ignore[no-any-return]
    return EVERYTHING


EVERYTHING = Changes(case_info=True)


def is_everything(changes: Changes) -> bool:
    """True for the record that means "reload": another process changed the case."""
    flag = getattr(changes, "everything", None)
    if isinstance(flag, bool):
        return flag
    return changes is EVERYTHING
