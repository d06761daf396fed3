"""Background jobs: one worker thread runs them one at a time; their records are shared.

By default (one replica) each job is a JSON file under ``<index>/jobs/``, written atomically at
every change, so any worker process can report on any job and a restart does not forget them;
a job found queued or running whose owning process is gone is marked failed ("interrupted").
With several replicas the records live in Redis (qa_service/shared/redis_jobs.py), owned by a
replica id whose liveness is a lease there, since a process id means nothing on another host.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

log = logging.getLogger("qa_service.admin")

Status = Literal["queued", "running", "succeeded", "failed"]
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Job:
    kind: Literal["upload", "delete"]
    document_id: str
    file_name: str | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    status: Status = "queued"
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    error: str | None = None
    snapshot: str | None = None  # the snapshot the job published
    detail: str | None = None  # what the build did
    owner_pid: int = field(default_factory=os.getpid)
    owner: str = ""  # the replica that runs it (qa_service/shared); its lease says whether it lives


ACTIVE = ("queued", "running")


class JobRecords(Protocol):
    """Where job records are kept: a folder (one replica) or Redis (several)."""

    def save(self, job: Job) -> None: ...
    def load(self, job_id: str) -> Job | None: ...
    def all(self) -> list[Job]: ...
    def counts(self) -> dict[str, int]: ...
    def recover(self) -> None: ...
    def prune(self) -> None: ...


def interrupt(job: Job) -> None:
    job.status, job.error, job.finished = "failed", "interrupted: the service stopped", _now()


class JobStore:
    def __init__(self, directory: Path, keep: int = 200) -> None:
        self.directory = directory
        self.keep = keep

    def save(self, job: Job) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f".{job.id}.tmp"
        tmp.write_text(json.dumps(asdict(job)), encoding="utf-8")
        os.replace(tmp, self.directory / f"{job.id}.json")

    def load(self, job_id: str) -> Job | None:
        if not _JOB_ID.match(job_id):
            return None
        try:
            return Job(**json.loads((self.directory / f"{job_id}.json").read_text(encoding="utf-8")))
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return None

    def all(self) -> list[Job]:
        if not self.directory.is_dir():
            return []
        jobs = [self.load(p.stem) for p in self.directory.glob("*.json")]
        return sorted((j for j in jobs if j is not None), key=lambda j: j.created, reverse=True)

    def counts(self) -> dict[str, int]:
        return dict(Counter(j.status for j in self.all()))

    def recover(self) -> None:
        """Fail the jobs of processes that died while the job was queued or running."""
        for job in self.all():
            if job.status in ACTIVE and not _alive(job.owner_pid):
                interrupt(job)
                self.save(job)

    def prune(self) -> None:
        finished = [j for j in self.all() if j.status in ("succeeded", "failed")]
        for job in finished[self.keep :]:
            (self.directory / f"{job.id}.json").unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JobFailed(Exception):
    """A job's expected failure: the message is the reason reported to the client."""


Work = Callable[[Job], "str | None"]  # returns the published snapshot's name


class JobRunner:
    def __init__(self, store: JobRecords) -> None:
        self.store = store
        self._queue: queue.Queue[tuple[Job, Work] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.pending: dict[str, Job] = {}  # queued or running, by job id
        self._lock = threading.Lock()
        self._stopping = False

    def start(self) -> None:
        """Start the worker; a second start (an app whose lifespan runs again) keeps the running one."""
        if self._thread is not None and self._thread.is_alive():
            return
        try:
            self.store.recover()
        except Exception:  # e.g. Redis down at start-up: the next replica start, or a read, recovers them
            log.exception("could not look for interrupted jobs")
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="admin-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Finish the running job (within ``timeout``); jobs still queued fail as interrupted."""
        if self._thread is None or not self._thread.is_alive():
            return
        self._stopping = True
        self._queue.put(None)
        self._thread.join(timeout)

    def submit(self, job: Job, work: Work) -> Job:
        self.store.save(job)  # first: a store that cannot be reached refuses the job (503)
        with self._lock:
            self.pending[job.id] = job
        self._queue.put((job, work))
        return job

    def idle(self) -> bool:
        return not self.pending

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            job, work = item
            if self._stopping:
                interrupt(job)
                self._save(job)
                with self._lock:
                    self.pending.pop(job.id, None)
                continue
            job.status, job.started = "running", _now()
            self._save(job)
            try:
                job.snapshot = work(job)
                job.status = "succeeded"
            except JobFailed as exc:
                job.status, job.error = "failed", str(exc)
            except Exception as exc:  # a bug must fail the job, not kill the worker
                log.exception("job %s failed", job.id)
                job.status, job.error = "failed", f"internal error ({type(exc).__name__})"
            job.finished = _now()
            self._save(job)
            with self._lock:
                self.pending.pop(job.id, None)
            self._prune()

    def _save(self, job: Job) -> None:
        """Record a change; a store that cannot be reached must not kill the worker (it says so in the log)."""
        try:
            self.store.save(job)
        except Exception:
            log.exception("could not record job %s as %s", job.id, job.status)

    def _prune(self) -> None:
        try:
            self.store.prune()
        except Exception:
            log.exception("could not prune old jobs")

    def describe(self, job: Job) -> dict[str, Any]:
        body = asdict(job)
        body.pop("owner_pid")
        body.pop("owner")
        return body
