"""The real indexer CLI in a subprocess: its own progress and warnings; library log lines only with -v."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED

LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) ([\w.]+): ", re.MULTILINE)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def loggers(stderr: str) -> set[tuple[str, str]]:
    return {(level, name) for level, name in LOG_LINE.findall(stderr)}


def test_cli_prints_its_own_progress_and_library_lines_only_with_verbose(tmp_path: Path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "tiny.txt").write_text(SEED.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7 not really a pdf")  # a file that fails: the CLI must say so

    quiet = run_cli("build", "--corpus", str(corpus), "--index", str(index))
    assert quiet.returncode == 0, quiet.stderr
    assert "published snapshot" in quiet.stdout and "1 added" in quiet.stdout
    assert "error:" in quiet.stdout and "broken.pdf" in quiet.stdout  # its own warning is kept
    own = ("indexer", "qa_service")
    chatter = {
        (lvl, name) for lvl, name in loggers(quiet.stderr) if lvl in ("DEBUG", "INFO") and name.split(".")[0] not in own
    }
    assert not chatter, quiet.stderr
    assert "AVX512" not in quiet.stderr and "ModuleNotFoundError" not in quiet.stderr, quiet.stderr

    verbose = run_cli("query", "-v", "disinformation", "--index", str(index), "-k", "2")  # -v after the command
    assert verbose.returncode == 0, verbose.stderr
    assert "1. [tiny:" in verbose.stdout
    assert ("INFO", "faiss.loader") in loggers(verbose.stderr), verbose.stderr  # the library's lines are back
    assert ("INFO", "qa_service.engine") in loggers(verbose.stderr)

    status = run_cli("-v", "status", "--index", str(index))  # and before it
    assert status.returncode == 0 and "snapshot:" in status.stdout
