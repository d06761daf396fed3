"""python -m bench.ingest_reuse: what a PDF-loader version change costs to re-index.

Indexes the benchmark's text-layer PDFs (made by ``python -m bench.ingest``), then builds
again as if the PDF loader had a new version: first with the same output (nothing should be
embedded), then with a loader that drops footnotes (only the chunks that held one should be).
"""

from __future__ import annotations

import shutil
import time

from bench.ingest_corpus import OUT


def main() -> int:
    import torch

    from indexer.build import build
    from indexer.embedder import make_embedder
    from indexer.loaders import pdf

    torch.set_num_threads(1)
    corpus, index = OUT / "reuse" / "corpus", OUT / "reuse" / "index"
    shutil.rmtree(OUT / "reuse", ignore_errors=True)
    corpus.mkdir(parents=True)
    for path in sorted(OUT.glob("*.pdf")):
        if not path.name.startswith("scan-"):
            shutil.copy(path, corpus / path.name)
    embedder = make_embedder()
    runs = [("first build", lambda: None), ("PDF loader version +1, same output", lambda: None)]
    runs.append(("PDF loader version +2, footnotes dropped", lambda: setattr(pdf, "footnote_paras", lambda notes: [])))
    base = pdf.PdfLoader.version
    for n, (name, change) in enumerate(runs):
        change()
        pdf.PdfLoader.version = base + n  # type: ignore[misc]
        started = time.perf_counter()
        report = build(corpus, index, embedder)
        seconds = time.perf_counter() - started
        print(
            f"{name}: {len(report.added) + len(report.changed)} documents read, embedded {report.embedded_chunks} "
            f"of {report.total_chunks} chunks ({report.reused_vectors} reused by text) in {seconds:.1f}s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
