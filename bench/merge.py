"""Put the index-part figures of one results file into another (a run with --sizes ''):
python -m bench.merge BASE.json PARTS.json OUT.json, then python -m bench.tables OUT.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench import report, targets

if __name__ == "__main__":
    base = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    parts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    base["synthetic"]["sizes"] = parts["synthetic"]["sizes"]
    base["targets"] = targets.evaluate(base)
    out = Path(sys.argv[3])
    out.write_text(json.dumps(base, default=str), encoding="utf-8")
    report.plot(base, out.with_suffix(".png"))
    print(report.summary(base, base["targets"]))
