"""Upload and delete documents: accept the request at once, do the work in a background job.

An upload is staged under ``<corpus>/.incoming/<job>/`` (the indexer skips dot folders),
parsed in a capped child process, and only then hard-linked into the corpus under its
sanitised name: ``link`` refuses to replace any existing entry, symlinks included. A
deletion moves the file to ``<corpus>/.trash/<job>/``. Either way the index is rebuilt
incrementally; if the build fails, the corpus is put back as it was. The served
snapshot changes only when the build publishes and the engine swaps it in.

With several replicas (qa_service/shared on Redis) the corpus and index folders are on shared
storage: a job runs on the replica that took it, builds under the shared build lease so that
one replica builds at a time, and the other replicas' snapshot watchers pick the result up.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from indexer import metadata
from indexer.build import build
from indexer.chunking import ChunkParams
from indexer.scan import corpus_files, doc_id_for
from qa_service.admin import parse_check
from qa_service.admin.jobs import ACTIVE, Job, JobFailed, JobRunner
from qa_service.admin.uploads import checked_suffix, safe_name
from qa_service.engine import Engine
from qa_service.errors import DocumentExists, QAError, UnknownDocument
from qa_service.settings import Settings
from qa_service.shared import SharedState, SharedStateUnavailable
from qa_service.shared.lease import LeaseTimeout

INCOMING, TRASH, PARSED = ".incoming", ".trash", ".parsed"
log = logging.getLogger("qa_service.admin")


class AdminService:
    def __init__(self, settings: Settings, engine: Engine, shared: SharedState) -> None:
        self.settings = settings
        self.engine = engine
        self.shared = shared
        self.corpus = settings.corpus_dir
        self.runner = JobRunner(shared.jobs)
        self._accepting = threading.Lock()

    # -- requests (fast, on the event loop's thread pool) ------------------------------
    def accept_upload(self, file_name: str | None, data: bytes, meta: dict[str, object]) -> Job:
        stem, suffix = safe_name(file_name)
        name = stem + checked_suffix(data, suffix)
        doc_id = doc_id_for(self.corpus / name, self.corpus)
        with self._accepting:  # the name check and the reservation are one step
            if doc_id in self._known_ids():
                raise DocumentExists(f"a document with id '{doc_id}' exists; delete it first to replace it")
            job = Job("upload", doc_id, name, owner=self.shared.replica_id)
            staged = _private_dir(self.corpus, INCOMING) / job.id
            staged.mkdir()
            _write_new(staged / name, data)
            if meta:
                _write_new(staged / (name + metadata.SIDECAR_SUFFIX), json.dumps(meta, indent=1).encode())
            return self.runner.submit(job, lambda j: self._upload(j, staged))

    def accept_delete(self, doc_id: str) -> Job:
        if doc_id not in self._known_ids():
            raise UnknownDocument(f"no document with id '{doc_id}'")
        return self.runner.submit(Job("delete", doc_id, owner=self.shared.replica_id), self._delete)

    def _known_ids(self) -> set[str]:
        """Documents served, in the corpus folder, or on their way in (through any replica)."""
        jobs = [*self.runner.pending.values(), *(j for j in self.runner.store.all() if j.status in ACTIVE)]
        ids = {j.document_id for j in jobs if j.kind == "upload"}
        ids.update(self._corpus_files())
        current = self.engine._index
        if current is not None:
            ids.update(current.snapshot.documents)
        return ids

    def _corpus_files(self) -> dict[str, Path]:
        if not self.corpus.is_dir():
            return {}
        return dict(corpus_files(self.corpus)[0])

    # -- jobs (one at a time, on the job thread) -------------------------------------
    def _upload(self, job: Job, staged: Path) -> str | None:
        assert job.file_name is not None
        try:
            parsed = staged / PARSED  # what the capped child parsed, for the build (removed with staged)
            settings = self.settings
            ok, detail = parse_check.check(
                staged / job.file_name, settings.parse_timeout_s, settings.parse_memory_mb, parsed
            )
            if not ok:
                raise JobFailed(f"the file cannot be read: {detail}")
            # Into the corpus only under the lease: another replica's build must not find the file
            # before ours and parse it in its own, uncapped process.
            with self._building():
                moved = self._move_in(staged, job.file_name)
                try:
                    return self._rebuild(job, expect_present=True, parsed_cache=parsed)
                except BaseException:
                    for path in moved:
                        path.unlink(missing_ok=True)
                    raise
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    @contextmanager
    def _building(self) -> Iterator[None]:
        """Hold the build lease while the corpus changes and the index is rebuilt: one replica at a time."""
        with ExitStack() as stack:
            try:
                stack.enter_context(self.shared.build_lease())
            except (LeaseTimeout, SharedStateUnavailable) as exc:
                raise JobFailed(f"{exc}; nothing changed, try again") from None
            yield

    def _move_in(self, staged: Path, name: str) -> list[Path]:
        """Link the sidecar, then the document, into the corpus; never over an existing name."""
        moved: list[Path] = []
        try:
            for part in (name + metadata.SIDECAR_SUFFIX, name):
                if (staged / part).exists():
                    os.link(staged / part, self.corpus / part)  # EEXIST if the name is taken
                    moved.append(self.corpus / part)
        except FileExistsError:
            for path in moved:
                path.unlink(missing_ok=True)
            raise JobFailed(f"'{name}' already exists in the corpus") from None
        return moved

    def _delete(self, job: Job) -> str | None:
        trash = _private_dir(self.corpus, TRASH) / job.id
        trash.mkdir()
        moved: list[tuple[Path, Path]] = []
        try:
            with self._building():
                path = self._corpus_files().get(job.document_id)
                if path is not None:
                    for source in (path, path.with_name(path.name + metadata.SIDECAR_SUFFIX)):
                        if source.is_file() and not source.is_symlink():
                            os.rename(source, trash / source.name)
                            moved.append((trash / source.name, source))
                try:
                    return self._rebuild(job, expect_present=False)
                except BaseException:
                    for held, original in moved:
                        os.rename(held, original)
                    raise
        finally:
            shutil.rmtree(trash, ignore_errors=True)

    def _rebuild(self, job: Job, expect_present: bool, parsed_cache: Path | None = None) -> str | None:
        settings = self.settings
        report = build(
            self.corpus,
            self.engine.settings.index_dir,
            self.engine.embedder,
            ChunkParams(settings.chunk_tokens, settings.chunk_overlap_tokens),
            keep=settings.keep_snapshots,
            exact_max=settings.exact_search_max_chunks,
            parsed_cache=parsed_cache,
        )
        ours = [e for e in report.errors if job.file_name and job.file_name in e]
        if expect_present and (ours or job.document_id not in report.added + report.changed + report.unchanged):
            raise JobFailed("the index build did not take the document: " + ("; ".join(ours) or "unknown reason"))
        if parsed_cache is not None and job.document_id not in report.from_cache:
            log.warning("job %s: the build parsed %s again in the service process", job.id, job.file_name)
        job.detail = report.summary()
        self.engine.reload()  # serve it now rather than at the watcher's next look
        return report.snapshot


def _private_dir(corpus: Path, name: str) -> Path:
    """``<corpus>/<name>``, created if needed, refused if it is a symlink or not a folder."""
    path = corpus / name
    if not path.is_symlink():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        log.error("%s must be a real folder, not a symbolic link: uploads refused", path)
        raise QAError("the document store is not usable; see the service log", code="storage_error", status_code=503)
    return path


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
