"""Parse an uploaded file in a child process with a time and memory cap.

``python -m qa_service.admin.parse_check FILE [CACHE_DIR]`` prints one JSON line: ``{"ok": true, ...}``
or ``{"ok": false, "reason": ...}``. A hostile PDF or a DOCX that inflates to gigabytes
then costs a child process, not the service. With CACHE_DIR the child keeps what it parsed
there (indexer/parsed_cache.py) and the build uses it, so the file is parsed only here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path


def check(path: Path, timeout_s: float, memory_mb: int, cache_dir: Path | None = None) -> tuple[bool, str]:
    """(True, summary) when the file loads as a document with text; (False, reason) otherwise."""
    # The child imports the very code this process runs, wherever the service was started from.
    root = str(Path(__file__).resolve().parents[2])
    pythonpath = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "QA_PARSE_MEMORY_MB": str(memory_mb), "HF_HUB_OFFLINE": "1", "PYTHONPATH": pythonpath}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "qa_service.admin.parse_check", str(path.resolve())]
            + ([str(cache_dir.resolve())] if cache_dir is not None else []),
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, f"parsing took longer than {timeout_s:g}s"
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {}
    if result.get("ok") is True:
        return True, f"{result['chars']} characters in {result['blocks']} blocks"
    if "reason" in result:
        return False, str(result["reason"])
    if done.returncode < 0 or "MemoryError" in done.stderr:
        return False, f"parsing exceeded its limits (exit {done.returncode}; memory cap {memory_mb} MiB)"
    return False, f"the parser failed (exit {done.returncode})"


def main(argv: list[str]) -> int:
    memory = int(os.environ.get("QA_PARSE_MEMORY_MB", "2048")) << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from indexer import parsed_cache
    from indexer.loaders import LoadError, load_bytes

    path = Path(argv[0])
    try:
        data = path.read_bytes()
        doc = load_bytes(data, path)
    except LoadError as exc:
        print(json.dumps({"ok": False, "reason": exc.reason}))
        return 0
    except OSError as exc:
        print(json.dumps({"ok": False, "reason": f"cannot read file ({exc.strerror})"}))
        return 0
    except MemoryError:
        print(json.dumps({"ok": False, "reason": "the document needs more memory than allowed to parse"}))
        return 0
    if len(argv) > 1:  # if it cannot be kept, the build parses the file itself, as without a cache
        with contextlib.suppress(OSError):
            parsed_cache.store(Path(argv[1]), hashlib.sha256(data).hexdigest(), path.suffix, doc)
    print(json.dumps({"ok": True, "chars": len(doc.text), "blocks": len(doc.blocks), "format": doc.format}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
