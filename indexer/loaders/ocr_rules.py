"""Vertical rules in a scanned page's image: the borders that part table cells.

A text layer draws its table borders as paths (pdf_lines reads them); a scan has only
pixels. A vertical rule is a run of dark pixels, one column wide or a few, taller than any
letter's stroke: at least RULE_PT points (a 24 pt capital is about 17 points tall).
"""

from __future__ import annotations

from typing import Any

RULE_PT = 19.0
DARK = 128  # grey level below which a pixel is ink


def vertical_rules(image: Any, scale: float) -> list[tuple[float, float, float]]:
    """(x, top, bottom) in PDF points of each vertical rule of a greyscale PIL image at ``scale`` px/pt."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < DARK
    run = max(2, int(RULE_PT * scale))
    if ink.shape[0] <= run:
        return []
    # A pixel starts a rule when it and the run - 1 pixels below it are all ink: AND of shifted rows.
    tall = ink[: ink.shape[0] - run + 1].copy()
    for k in range(1, run):
        tall &= ink[k : ink.shape[0] - run + 1 + k]
        if not tall.any():
            return []
    rules: list[tuple[float, float, float]] = []
    columns = np.flatnonzero(tall.any(axis=0))
    for group in np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1):  # neighbouring columns: one rule
        rows = np.flatnonzero(tall[:, group].any(axis=1))
        for span in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
            x = (group[0] + group[-1] + 1) / 2 / scale
            rules.append((float(x), float(span[0] / scale), float((span[-1] + run) / scale)))
    return rules
