"""QA parity: the eval cases over the seed submission as sent in Word and as a PDF, against its text version.

The shipped corpus is one submission. Three corpora are made of it: the text as shipped, a
DOCX written with python-docx (header, footer, headings, footnotes, hyphenation) and that
DOCX as a LibreOffice PDF, each under the shipped file's stem so metadata comes out alike.
Each is indexed and run through ``python -m eval`` in its own process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.corpora import SEED_CORPUS
from bench.ingest_corpus import OUT, seed_record
from bench.ingest_docx import to_pdf, write_docx

FIGURES = ("passed", "recall@5", "mrr", "key_fact_recall", "citation_precision", "citation_recall", "abstention_recall")


def corpora() -> dict[str, Path]:
    seed = next(SEED_CORPUS.glob("*.txt"))
    root = OUT / "parity"
    shutil.rmtree(root, ignore_errors=True)
    made = {name: root / name / "corpus" for name in ("text", "docx", "pdf")}
    for folder in made.values():
        folder.mkdir(parents=True)
    shutil.copy(seed, made["text"] / seed.name)
    docx_path = made["docx"] / f"{seed.stem}.docx"
    write_docx(seed_record(), docx_path)
    to_pdf([docx_path], made["pdf"])
    return made


def run_eval(corpus: Path) -> dict[str, Any]:
    index, reports = corpus.parent / "index", corpus.parent / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "eval", "--corpus", str(corpus), "--index", str(index), "--out", str(reports), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def parity() -> dict[str, dict[str, Any]]:
    results = {name: run_eval(corpus) for name, corpus in corpora().items()}
    return {name: {k: r[k] for k in (*FIGURES, "cases")} for name, r in results.items()}


if __name__ == "__main__":
    print(json.dumps(parity(), indent=1))
