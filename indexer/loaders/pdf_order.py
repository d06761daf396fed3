"""Reading order of a page's lines: full-width lines in turn, columns left before right.

A page is cut into runs by lines that cross the middle of the text area (a title over
both columns, a single-column page). Within a run, when both halves hold lines, the left
column is read top to bottom, then the right one.
"""

from __future__ import annotations

from dataclasses import replace

from indexer.loaders.pdf_lines import Line

CELL_SHARE = 0.35  # a table cell is narrower than this share of the text width; a column line is wider


def column_split(lines: list[Line]) -> float | None:
    """The middle of the text area when the page has two columns of prose (wide lines on both sides)."""
    if not lines:
        return None
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    middle = (left_edge + right_edge) / 2
    wide = CELL_SHARE * (right_edge - left_edge)
    left = sum(ln.x1 <= middle and ln.x1 - ln.x0 > wide and not ln.ruled for ln in lines)
    right = sum(ln.x0 >= middle and ln.x1 - ln.x0 > wide and not ln.ruled for ln in lines)
    return middle if left >= 3 and right >= 3 else None


def reading_order(lines: list[Line]) -> list[Line]:
    if not lines:
        return []
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    middle = (left_edge + right_edge) / 2
    if column_split(lines) is not None:
        # Two columns: a table sits in one, its rows never span both.
        left = [ln for ln in lines if ln.x1 <= middle]
        right = [ln for ln in lines if ln.x0 >= middle]
        rest = [ln for ln in lines if ln.x0 < middle < ln.x1]
        lines = table_rows(left) + table_rows(right) + rest
    else:
        lines = table_rows(lines)
    ordered: list[Line] = []
    run: list[Line] = []
    for line in sorted(lines, key=lambda ln: (round(ln.top, 0), ln.x0)):
        if line.x0 < middle - 2 < line.x1 and line.x1 - line.x0 > 0.55 * (right_edge - left_edge):
            ordered.extend(_columns(run, middle))
            run = []
            ordered.append(line)
        else:
            run.append(line)
    ordered.extend(_columns(run, middle))
    return ordered


def _columns(run: list[Line], middle: float) -> list[Line]:
    left = [line for line in run if line.x0 < middle]
    right = [line for line in run if line.x0 >= middle]
    if len(right) < 2 or not left:
        return sorted(run, key=lambda ln: (ln.top, ln.x0))  # one column (a short right-aligned line stays put)
    return sorted(left, key=lambda ln: ln.top) + sorted(right, key=lambda ln: ln.top)


def table_rows(lines: list[Line]) -> list[Line]:
    """Lines sharing a baseline merged into one table row: three or more cells, two parted by drawn
    borders, or two narrow ones next to another such row (two columns of prose share baselines
    too, but their lines are wide and unruled)."""
    width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.bottom, ln.x0)):
        if rows and abs(rows[-1][0].bottom - line.bottom) < 0.4 * max(line.size, 1.0):
            rows[-1].append(line)
        else:
            rows.append([line])

    def narrow(row: list[Line]) -> bool:
        return len(row) == 2 and all(ln.x1 - ln.x0 < CELL_SHARE * width for ln in row)

    def ruled(row: list[Line]) -> bool:  # cells parted by drawn borders, however wide
        return len(row) >= 2 and all(ln.ruled for ln in row)

    out: list[Line] = []
    for i, row in enumerate(rows):
        paired = narrow(row) and any(
            0 <= j < len(rows) and (narrow(rows[j]) or len(rows[j]) > 2) for j in (i - 1, i + 1)
        )
        if len(row) > 2 or paired or ruled(row):
            row.sort(key=lambda ln: ln.x0)
            cells = tuple(ln.text for ln in row)
            out.append(
                replace(
                    row[0],
                    x1=max(ln.x1 for ln in row),
                    top=min(ln.top for ln in row),
                    text=" | ".join(cells),
                    cells=cells,
                )
            )
        else:
            out.extend(row)
    return out
