"""One snapshot-watcher thread per process, however many apps or engines start in it.

Each engine used to start its own polling thread, so a second ``create_app`` + lifespan in one
process (tests, an embedding host, a restarted app) meant a second thread polling the same
folder. Engines now subscribe to the process-wide ``WATCHER``: one daemon thread calls each
subscribed engine's ``reload`` at that engine's own interval, and ends when nobody is subscribed.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

log = logging.getLogger("qa_service.engine")

THREAD_NAME = "snapshot-watcher"


class Reloadable(Protocol):
    def reload(self) -> bool: ...


class SnapshotWatcher:
    def __init__(self) -> None:
        self._due: dict[Reloadable, tuple[float, float]] = {}  # engine -> (interval, next due time)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._reloading: Reloadable | None = None

    def watch(self, engine: Reloadable, interval_s: float) -> None:
        """Call ``engine.reload()`` every ``interval_s`` seconds until ``unwatch``; idempotent."""
        with self._changed:
            self._due[engine] = (interval_s, time.monotonic() + interval_s)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def unwatch(self, engine: Reloadable, timeout_s: float = 5.0) -> None:
        """Stop watching ``engine``; waits (up to ``timeout_s``) for a reload of it under way to end."""
        with self._changed:
            self._due.pop(engine, None)
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._reloading is not engine, timeout=timeout_s)

    def watching(self, engine: Reloadable) -> bool:
        with self._changed:
            return engine in self._due

    def _run(self) -> None:
        while True:
            with self._changed:
                engine = self._next_due()
                if engine is None:  # nothing to watch: the thread ends, the next watch() starts another
                    self._thread = None
                    return
                interval, _ = self._due[engine]
                self._due[engine] = (interval, time.monotonic() + interval)
                self._reloading = engine
            try:
                engine.reload()
            except Exception:  # never let the watcher die; the old snapshot keeps serving
                log.exception("snapshot reload failed")
            finally:
                with self._changed:
                    self._reloading = None
                    self._changed.notify_all()

    def _next_due(self) -> Reloadable | None:
        """Wait (holding the condition) until an engine is due; None when none is watched."""
        while self._due:
            engine, (_, due) = min(self._due.items(), key=lambda item: item[1][1])
            wait = due - time.monotonic()
            if wait <= 0:
                return engine
            self._changed.wait(timeout=wait)  # woken early when an engine is added or removed
        return None


WATCHER = SnapshotWatcher()
