"""Incremental builds, bad files, the CLI, and a crash mid-write leaving the old snapshot intact."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from indexer import snapshot
from indexer.build import build
from indexer.reader import IndexSnapshot
from tests.conftest import REPO, SEED


class CountingEmbedder:
    """The real embedder, counting what it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_seq_length = inner.name, inner.dimension, inner.max_seq_length
        self.embedded: list[str] = []

    def warm_up(self) -> None:
        self.inner.warm_up()

    def encode(self, texts, **kwargs):
        self.embedded.extend(texts)
        return self.inner.encode(texts, **kwargs)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def _write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    _write(
        corpus / "itu-2022.md",
        """
        Submission by

        International Telecommunication Union

        In 2022, ITU expanded broadband mapping and cybersecurity capacity building in 40 countries.
    """,
    )
    return corpus


def test_incremental_build_reembeds_only_changes(tmp_path: Path, small_corpus: Path, embedder):
    index_dir = tmp_path / "index"
    counting = CountingEmbedder(embedder)
    first = build(small_corpus, index_dir, counting)
    assert sorted(first.added) == ["itu-2022", SEED.stem] and first.embedded_chunks == first.total_chunks
    first_snapshot = IndexSnapshot.open_current(index_dir)
    assert first_snapshot.documents["itu-2022"].meta["entity"] == "ITU"

    counting.embedded.clear()
    again = build(small_corpus, index_dir, counting)
    assert again.up_to_date and again.snapshot == first.snapshot and counting.embedded == []
    assert "nothing to embed" in again.summary()

    _write(
        small_corpus / "itu-2022.md",
        """
        Submission by

        International Telecommunication Union

        In 2022, ITU launched a new e-health registry with WHO.
    """,
    )
    changed = build(small_corpus, index_dir, counting)
    assert changed.changed == ["itu-2022"] and changed.unchanged == [SEED.stem]
    assert counting.embedded and all("e-health registry" in t for t in counting.embedded)

    # Reused vectors are the very vectors of the previous snapshot.
    new = IndexSnapshot.open_current(index_dir)
    old_rows = {c.chunk_id: r for r, c in first_snapshot.document_chunks(SEED.stem)}
    for row, chunk in new.document_chunks(SEED.stem):
        assert (new.vectors[row] == first_snapshot.vectors[old_rows[chunk.chunk_id]]).all()

    (small_corpus / "itu-2022.md").unlink()
    removed = build(small_corpus, index_dir, counting)
    assert removed.removed == ["itu-2022"] and removed.embedded_chunks == 0
    assert list(IndexSnapshot.open_current(index_dir).documents) == [SEED.stem]


def test_sidecar_change_updates_metadata_without_embedding(tmp_path: Path, small_corpus: Path, embedder):
    index_dir = tmp_path / "index"
    counting = CountingEmbedder(embedder)
    build(small_corpus, index_dir, counting)
    counting.embedded.clear()
    (small_corpus / "itu-2022.md.meta.json").write_text(json.dumps({"year": 2022, "title": "ITU 2022"}))
    report = build(small_corpus, index_dir, counting)
    assert not report.up_to_date and report.embedded_chunks == 0 and counting.embedded == []
    assert IndexSnapshot.open_current(index_dir).documents["itu-2022"].meta["title"] == "ITU 2022"


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path, small_corpus: Path, embedder):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    (small_corpus / "notes.xyz").write_text("?")
    report = build(small_corpus, tmp_path / "index", embedder)
    assert sorted(report.added) == ["itu-2022", SEED.stem]
    joined = "\n".join(report.errors)
    assert "empty.txt: empty file" in joined and "broken.pdf: corrupt PDF" in joined
    assert "notes.xyz: unsupported file type" in joined


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_cli_build_strict_status_and_env(tmp_path: Path, small_corpus: Path):
    (small_corpus / "empty.txt").write_bytes(b"")
    index_dir = tmp_path / "index"
    lenient = _cli("build", env={"QA_CORPUS_DIR": str(small_corpus), "QA_INDEX_DIR": str(index_dir)})
    assert lenient.returncode == 0, lenient.stderr
    assert "2 added" in lenient.stdout and "empty.txt: empty file" in lenient.stdout
    strict = _cli("build", "--corpus", str(small_corpus), "--index", str(index_dir), "--strict")
    assert strict.returncode == 1 and "up to date" in strict.stdout
    status = _cli("status", "--index", str(index_dir), "--verify", "--json")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["counts"]["documents"] == 2 and info["verified"] is True
    query = _cli("query", "--index", str(index_dir), "What did UNDP do on disinformation in 2021?", "-k", "1")
    assert query.returncode == 0 and "iVerify" in query.stdout


CRASH_SCRIPT = """
import os, sys, time
from pathlib import Path
from indexer import snapshot, build as build_module
from indexer.embedder import make_embedder

original = snapshot.write_manifest
def write_then_hang(path, manifest):
    original(path, manifest)
    (path / "store.sqlite").open("ab").write(b"half-written")  # a torn write in the new snapshot
    print("WRITING", flush=True)
    time.sleep(120)
snapshot.write_manifest = write_then_hang
build_module.build(Path(sys.argv[1]), Path(sys.argv[2]), make_embedder())
"""


def test_kill_during_build_keeps_previous_snapshot(tmp_path: Path, small_corpus: Path, embedder):
    index_dir = tmp_path / "index"
    first = build(small_corpus, index_dir, embedder)
    (small_corpus / "new.md").write_text("Submission by\n\nWorld Health Organization\n\nIn 2021 WHO did things.\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(small_corpus), str(index_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "WRITING"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert snapshot.current_name(index_dir) == first.snapshot
    snapshot.verify(snapshot.current_path(index_dir))  # type: ignore[arg-type]
    leftovers = [p.name for p in snapshot.snapshots_dir(index_dir).iterdir() if p.name.startswith(".tmp-")]
    assert leftovers  # the torn snapshot is there, but nothing points at it
    assert "new" not in IndexSnapshot.open_current(index_dir).documents
    after = build(small_corpus, index_dir, embedder)
    assert after.added == ["new"]
    assert not [p for p in snapshot.snapshots_dir(index_dir).iterdir() if p.name.startswith(".tmp-")]


def test_loader_change_reembeds_only_chunks_whose_text_changed(
    tmp_path: Path, small_corpus: Path, embedder, monkeypatch: pytest.MonkeyPatch
):
    from bench.ingest_fpdf import write
    from indexer.loaders import pdf
    from tests.test_pdf_loader import seed_record

    write(seed_record(columns=2, footnotes={5: "See A/RES/70/125 on the WSIS review."}), small_corpus / "record.pdf")
    index_dir = tmp_path / "index"
    counting = CountingEmbedder(embedder)
    first = build(small_corpus, index_dir, counting)
    before = {c.chunk_id: c for _, c in IndexSnapshot.open_current(index_dir).document_chunks("record")}

    # A new PDF loader version whose output is the same: the PDF is read again, nothing embedded.
    monkeypatch.setattr(pdf.PdfLoader, "version", pdf.PdfLoader.version + 1)
    counting.embedded.clear()
    same = build(small_corpus, index_dir, counting)
    assert same.snapshot != first.snapshot and same.changed == ["record"]
    assert sorted(same.unchanged) == ["itu-2022", SEED.stem]
    assert counting.embedded == [] and same.reused_vectors == len(before)

    # A version that drops footnotes: only the chunk that held the footnote is embedded again.
    monkeypatch.setattr(pdf.PdfLoader, "version", pdf.PdfLoader.version + 1)
    monkeypatch.setattr(pdf, "footnote_paras", lambda notes: [])
    counting.embedded.clear()
    dropped = build(small_corpus, index_dir, counting)
    after = {c.chunk_id: c for _, c in IndexSnapshot.open_current(index_dir).document_chunks("record")}
    old_texts = {c.text for c in before.values()}
    assert (
        1 <= dropped.embedded_chunks < len(after) / 2 and dropped.reused_vectors == len(after) - dropped.embedded_chunks
    )
    assert all("A/RES/70/125" not in t for t in counting.embedded)
    assert not any(t.split("\n")[-1] in old_texts for t in counting.embedded)  # each one new text
