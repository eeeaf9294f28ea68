"""Saving without making the learner wait: changes wait in memory while the progress file is busy.

A :class:`Saver` hands each change (a checked answer, a lesson opened) to a
:class:`course.progress.ProgressStore`. When the file is locked by another lesson, or cannot be
written for a moment, the change waits in memory and a background thread tries again; the
:class:`SaveStatus` of each change says what became of it, in words a learner can read under the
feedback.
"""

from __future__ import annotations

import copy
import html
import threading
import time
from collections.abc import Callable
from typing import Any

from .progress import ChangeRefused, ProgressBusy, ProgressError, ProgressStore, schema_problem

#: Seconds between background tries to save what is waiting.
RETRY_INTERVAL = 0.5


class SaveStatus:
    """What became of one change handed to a :class:`Saver`.

    ``state`` is "saved", "pending" (waiting in memory) or "failed" (tried and refused; it still
    waits in memory and is tried again at the next check). ``text`` says it in one sentence for the
    learner; functions given to :meth:`watch` are called at every change of state.
    """

    def __init__(self, what: str = "answer"):
        self.what = what
        self.state = "pending"
        self.reason = ""
        self._watchers: list[Callable[["SaveStatus"], None]] = []

    def __repr__(self) -> str:
        return f"SaveStatus({self.state!r})"

    @property
    def text(self) -> str:
        """The status in words, for the line under the feedback.

        >>> s = SaveStatus(); s._set("pending", busy=True); s.text
        'Your answer is not saved yet (the progress file is busy); it will be saved at the next chance.'
        >>> s._set("saved"); s.text
        '✔ Saved in your progress file.'
        """
        if self.state == "saved":
            return "✔ Saved in your progress file."
        if self.state == "pending" and not self.reason:
            return f"Your {self.what} is not saved yet (the progress file is busy); it will be saved at the next chance."
        reason = self.reason.rstrip(". ")
        return (f"⚠ Your {self.what} is not saved yet ({reason[:1].lower()}{reason[1:]}); it is kept and will be "
                "saved at the next chance.")

    def html(self) -> str:
        css = {"saved": "course-saved", "pending": "course-save-pending", "failed": "course-save-failed"}[self.state]
        return (f'<p class="course-save-status {css}" role="status" style="margin:2px 0 6px;'
                f'color:var(--jp-content-font-color1, #111111)">{html.escape(self.text)}</p>')

    def watch(self, callback: Callable[["SaveStatus"], None]) -> None:
        """Call ``callback(status)`` now and at every change of state."""
        self._watchers.append(callback)
        callback(self)

    def _set(self, state: str, reason: str = "", busy: bool = False) -> None:
        self.state, self.reason = state, ("" if busy else reason)
        for callback in list(self._watchers):
            try:
                callback(self)
            except Exception:  # a display that went away must not stop the saving
                pass


class Saver:
    """Save changes to a progress store without making the learner wait.

    :meth:`submit` tries once, without waiting for the lock. When another lesson holds it, the
    change waits in memory (:attr:`pending`) and a background thread tries again every
    :data:`RETRY_INTERVAL` seconds until it is saved; the next :meth:`submit` tries too. Changes
    that failed for another reason (a full disk, a folder made read-only) also wait in memory and
    are tried again with the next one. Waiting changes are saved in the order they were made.
    """

    def __init__(self, store: ProgressStore, retry_interval: float | None = None):
        self.store = store
        self.retry_interval = RETRY_INTERVAL if retry_interval is None else retry_interval
        self._pending: list[tuple[Callable[[dict], Any], SaveStatus]] = []
        self._mutex = threading.Lock()      # guards _pending
        self._flushing = threading.Lock()   # one save at a time
        self._thread: threading.Thread | None = None
        #: The message of the last failure, or None after a save that worked.
        self.last_error: str | None = None

    @property
    def pending(self) -> list[SaveStatus]:
        """The statuses of the changes still waiting to be saved."""
        with self._mutex:
            return [status for _, status in self._pending]

    def submit(self, change: Callable[[dict], Any], what: str = "answer") -> SaveStatus:
        """Queue ``change(record)`` and try to save everything waiting, at once; returns its status."""
        status = SaveStatus(what)
        with self._mutex:
            self._pending.append((change, status))
        self.flush()
        return status

    def flush(self, timeout: float = 0.0) -> bool:
        """One try at saving every waiting change (in one write). True when nothing is left waiting."""
        if not self._flushing.acquire(blocking=False):
            return False  # the background thread is saving right now; it takes these too
        try:
            with self._mutex:
                batch = list(self._pending)
            if not batch:
                return True
            try:
                self.store.update(lambda record: [change(record) for change, _ in batch], timeout=timeout)
            except (ChangeRefused, KeyError, TypeError, ValueError) as exc:
                # a change that can never be saved must not hold back the others: find it, drop it
                if not self._drop_refused(batch):
                    self.last_error = str(exc)
                    for _, status in batch:
                        status._set("failed", str(exc))
                return False
            except ProgressBusy:
                self.last_error = None
                for _, status in batch:
                    status._set("pending", busy=True)
                self._start_retrying()
                return False
            except ProgressError as exc:
                self.last_error = str(exc)
                for _, status in batch:
                    status._set("failed", str(exc))
                return False
            with self._mutex:
                self._pending = self._pending[len(batch):]
                left = bool(self._pending)
            self.last_error = None
            for _, status in batch:
                status._set("saved")
            return not left
        finally:
            self._flushing.release()

    def _drop_refused(self, batch) -> bool:
        """Try each waiting change on a copy of the record; drop those that fail or would make it
        unreadable (they are reported as failed). True when one was dropped."""
        try:
            record = self.store.load()
        except ProgressError:
            return False
        dropped = False
        for item in batch:
            change, _ = item
            trial = copy.deepcopy(record)
            try:
                change(trial)
                problem = schema_problem(trial)
            except Exception as exc:  # noqa: BLE001 - a change that cannot run is reported, not raised
                problem = f"{type(exc).__name__}: {exc}"
            if problem:
                self._drop([item], f"it would leave your progress file unreadable ({problem})")
                dropped = True
            else:
                record = trial
        return dropped

    def _drop(self, items, reason: str) -> None:
        with self._mutex:
            self._pending = [item for item in self._pending if item not in items]
        for _, status in items:
            status._set("failed", f"{reason}; it cannot be saved")

    def _start_retrying(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._retry, name="progress-saver", daemon=True)
        self._thread.start()

    def _retry(self) -> None:
        while True:
            time.sleep(self.retry_interval)
            with self._mutex:
                if not self._pending:
                    return
            if self.flush(timeout=self.retry_interval):
                return
            if self.last_error is not None:
                return  # not a busy lock: the next check tries again

    def wait(self, timeout: float = 10.0) -> bool:
        """Save what is waiting, trying for up to ``timeout`` seconds; True when nothing is left."""
        deadline = time.monotonic() + timeout
        while True:
            if self.flush(timeout=min(self.retry_interval, max(0.0, deadline - time.monotonic()))):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
