"""SIGKILL a real ``python -m indexer build`` at 20 points; CURRENT must always name a snapshot that verifies.

Half the kills land at uniform times over a whole build (start-up, loading, embedding,
writing); the other half are aimed at the write phase: they wait until the build's
temporary snapshot folder appears, then kill within the next moments (writing,
checksumming, publishing, pruning). Each build has real work to do: one small
document changes every round. Seed: ``KILL_TEST_SEED`` (printed on failure).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import snapshot
from indexer.reader import IndexSnapshot
from tests.conftest import REPO, SEED

ROUNDS = 20
SEED_VALUE = int(os.environ.get("KILL_TEST_SEED", "20211"))
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "QA_KEEP_SNAPSHOTS": "3"}


def write_extra(corpus: Path, round_no: int) -> None:
    (corpus / "extra.md").write_text(
        f"# Round {round_no}\n\nIn round {round_no} the entity reported {round_no * 7} new community networks "
        f"and {round_no * 3} digital skills programmes for women in rural areas.\n",
        encoding="utf-8",
    )


def start_build(corpus: Path, index: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def temporary_dirs(index: Path) -> list[str]:
    root = snapshot.snapshots_dir(index)
    return [p.name for p in root.glob(snapshot.TMP_PREFIX + "*")] if root.is_dir() else []


def check_index(index: Path) -> str:
    """CURRENT names a complete snapshot: the CLI verifies it and it opens for serving."""
    status = subprocess.run(
        [sys.executable, "-m", "indexer", "status", "--index", str(index), "--verify", "--json"],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["verified"] is True
    raw = (index / snapshot.CURRENT).read_text()
    assert raw == info["snapshot"] + "\n"  # the pointer is whole, never half written
    opened = IndexSnapshot(snapshot.snapshots_dir(index) / info["snapshot"], verify=True)
    assert opened.chunk_count == info["counts"]["chunks"] > 0
    opened.close()
    return str(info["snapshot"])


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sigkill_during_builds_never_leaves_a_broken_current(tmp_path):
    rng = random.Random(SEED_VALUE)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    write_extra(corpus, 0)

    started = time.monotonic()
    first = start_build(corpus, index)
    write_seen = None
    while first.poll() is None:  # time one whole build, and when its write phase starts
        if write_seen is None and temporary_dirs(index):
            write_seen = time.monotonic() - started
        time.sleep(0.002)
    duration = time.monotonic() - started
    assert first.returncode == 0
    check_index(index)

    log: list[str] = []
    during_write = published = 0
    for round_no in range(1, ROUNDS + 1):
        write_extra(corpus, round_no)
        before = snapshot.current_name(index)
        leftovers = set(temporary_dirs(index))  # from earlier kills; this build prunes them
        proc = start_build(corpus, index)
        t0 = time.monotonic()
        if round_no % 2:
            delay = rng.uniform(0.0, duration * 1.1)
            while proc.poll() is None and time.monotonic() - t0 < delay:
                time.sleep(0.005)
            how = f"at {delay:.2f}s"
        else:
            while proc.poll() is None and not set(temporary_dirs(index)) - leftovers:
                time.sleep(0.001)
            # The write can take well under 0.4 s on a loaded machine: kill within its first 50 ms
            # so that the round lands inside it.
            delay = rng.uniform(0.0, 0.05)
            time.sleep(delay)
            how = f"{delay:.3f}s into the write"
        in_write = bool(set(temporary_dirs(index)) - leftovers)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        name = check_index(index)
        during_write += in_write
        published += name != before
        log.append(f"round {round_no}: killed {how} (rc {proc.returncode}); write under way: {in_write}; {name}")

    summary = f"seed {SEED_VALUE}, build {duration:.1f}s (write from {write_seen}s)\n" + "\n".join(log)
    assert during_write >= 3, summary  # the test really hit the dangerous part
    print(summary)

    # A following build succeeds, takes the latest corpus, and clears what the kills left behind.
    final = subprocess.run(
        [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert final.returncode == 0, final.stderr + "\n" + summary
    name = check_index(index)
    opened = IndexSnapshot(snapshot.snapshots_dir(index) / name)
    assert f"In round {ROUNDS} the entity" in opened.documents["extra"].text
    opened.close()
    assert temporary_dirs(index) == []
    kept = [p for p in snapshot.snapshots_dir(index).iterdir()]
    assert len(kept) <= 3, kept
