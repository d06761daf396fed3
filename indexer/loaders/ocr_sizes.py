"""Type sizes of OCR'd lines, from word heights calibrated on the document itself.

Tesseract gives word boxes but no font. A word's box height depends on its letters as much
as on its size: 'use' spans the x-height, 'the' x-height and ascenders, 'way' the descenders,
'Delegation' both. So words are sorted by shape, and each is compared with the document's
usual height for its shape (the body text dominates every shape): a line's size relative to
the body is the median of its words' ratios, about 1.15 for a 13 pt heading over 11 pt text
and 0.8 for 9 pt notes, whatever the font. Example: 'Peace' 40 px against 36 px for capital
words of the body, 'security' 53 px against 46: a line about 1.13 times the body size.

A line ranks above the body only when it also looks like a heading: short, not ending inside
a sentence, and set apart by a wider gap above (or first on its page); elsewhere a noisy
estimate stays body text, so headings never cut a paragraph.
"""

from __future__ import annotations

import statistics
import string
from dataclasses import dataclass

_ASCENDING = set(string.ascii_uppercase + string.digits + "bdfhijklt'\"\u2018\u2019\u201c\u201d!?%&$#@/\\")
_DESCENDING = set("gjpqy")  # (a "j" has its dot too: both)
_FULL = set("()[]{}|")
ASCENT = 0.70  # ascender height over type size, about the same in Times, Arial and Calibri
SAME = 0.07  # within 7 % of the body: body text (measurement noise)
HEADING_WORDS = 12


@dataclass
class Word:
    text: str
    left: float  # page points
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def shape(text: str) -> str | None:
    """'x' (x-height only), 'a' (ascenders), 'd' (descenders), 'f' (both); None when the box is
    stretched by punctuation whose depth varies (a comma, a semicolon) or there is no letter."""
    if not any(ch.isalnum() for ch in text) or text[-1:] in ",;":
        return None
    chars = set(text)
    up = bool(chars & _ASCENDING) or bool(chars & _FULL)
    down = bool(chars & _DESCENDING) or bool(chars & _FULL)
    return "f" if up and down else "a" if up else "d" if down else "x"


@dataclass
class Calibration:
    """The body's usual word height for each shape, and the body's type size in points."""

    heights: dict[str, float]
    body_size: float

    def relative(self, words: list[Word]) -> float | None:
        """The words' size relative to the body (median over the words whose shape is known)."""
        ratios = [w.height / self.heights[s] for w in words if (s := shape(w.text)) in self.heights]
        return statistics.median(ratios) if ratios else None


def calibrate(words: list[Word]) -> Calibration:
    by_shape: dict[str, list[float]] = {}
    for word in words:
        s = shape(word.text)
        if s is not None:
            by_shape.setdefault(s, []).append(word.height)
    heights = {s: statistics.median(hs) for s, hs in by_shape.items() if len(hs) >= 5}
    ascent = heights.get("a") or heights.get("f", 0.0) * ASCENT / (ASCENT + 0.2)
    return Calibration(heights, float(round(ascent / ASCENT)) if ascent else 10.0)


def line_sizes(lines: list[list[Word]], calibration: Calibration) -> list[float]:
    """The type size of each line of one page (lines as lists of words, in any order)."""
    gaps = _gaps_above(lines)
    known = sorted(g for g in gaps if g is not None and g > 0)
    usual_gap = known[len(known) // 2] if known else 0.0
    sizes: list[float] = []
    body = calibration.body_size
    for words, gap in zip(lines, gaps, strict=True):
        relative = calibration.relative(words) or 1.0
        if abs(relative - 1.0) < SAME:
            sizes.append(body)
        elif relative < 1.0:
            sizes.append(round(body * relative, 1))  # small print: notes
        elif _looks_like_heading(words, gap, usual_gap):
            sizes.append(round(body * relative))
        else:
            sizes.append(body)
    return sizes


def _looks_like_heading(words: list[Word], gap: float | None, usual_gap: float) -> bool:
    text = " ".join(w.text for w in words)
    if len(words) > HEADING_WORDS or text[-1:] in ",;" or not any(ch.isalpha() for ch in text):
        return False
    return gap is None or gap > 1.5 * usual_gap


def _gaps_above(lines: list[list[Word]]) -> list[float | None]:
    """For each line, the space to the nearest line above it that shares some of its width."""
    boxes = [(min(w.left for w in ws), min(w.top for w in ws), max(w.right for w in ws)) for ws in lines]
    bottoms = [max(w.bottom for w in ws) for ws in lines]
    out: list[float | None] = []
    for left, top, right in boxes:
        above = [
            bottoms[j]
            for j, (l2, t2, r2) in enumerate(boxes)
            if t2 < top and l2 < right and left < r2 and bottoms[j] <= top + 2
        ]
        out.append(top - max(above) if above else None)
    return out
