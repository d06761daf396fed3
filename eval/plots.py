"""Recall@k curves as PNG files: one per configuration and, when there are several, one with all."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def recall_curves(curves: dict[str, list[float]], folder: Path, title: str = "Recall@k") -> list[Path]:
    """Write recall_at_k-<config>.png per non-empty curve, and recall_at_k.png overlaying them all."""
    try:
        import matplotlib
    except ImportError:  # an extra of the dev/bench installs; the report is complete without the picture
        print("[eval] matplotlib is not installed: no Recall@k plots (pip install -e '.[dev]')", file=sys.stderr)
        return []

    matplotlib.use("Agg")  # files only; no display on servers and in CI
    import matplotlib.pyplot as plt

    drawn = {name: curve for name, curve in curves.items() if curve}
    paths: list[Path] = []
    targets = [(f"recall_at_k-{_slug(n)}.png", {n: c}) for n, c in drawn.items()]
    if len(drawn) > 1:
        targets.insert(0, ("recall_at_k.png", drawn))
    for file_name, subset in targets:
        fig, ax = plt.subplots(figsize=(6, 4), dpi=110)
        for name, curve in subset.items():
            ks = list(range(1, len(curve) + 1))
            ax.plot(ks, curve, marker="o", label=name)
        ax.set_xlabel("k (passages retrieved)")
        ax.set_ylabel("Recall@k (share of gold evidence found)")
        ax.set_ylim(0, 1.02)
        ax.set_xticks(list(range(1, max(len(c) for c in subset.values()) + 1)))
        ax.grid(alpha=0.3)
        ax.set_title(title if len(subset) > 1 else f"{title}: {next(iter(subset))}")
        ax.legend(loc="lower right")
        fig.tight_layout()
        path = folder / file_name
        fig.savefig(path)
        plt.close(fig)
        paths.append(path)
    return paths
