"""Sentence boundaries with exact offsets, for sentence-level citations.

A rule-based splitter: a sentence ends at . ! ? (optionally followed by a closing
quote or bracket) before white space and an upper-case letter, a digit or an
opening quote, unless the word before the stop is a known abbreviation.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "art",
        "para",
        "paras",
        "fig",
        "figs",
        "vol",
        "approx",
        "dept",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "h.e",
        "rev",
        "op",
        "cit",
        "al",
    ]
)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_WINDOW = 48


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(s, e)`` of the sentences in ``text[start:end]``, trimmed of outer white space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    segment_start = start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        word = _word_before(text, segment_start, match.start())
        if word and _is_abbreviation(word):
            continue
        _append_trimmed(text, segment_start, stop, spans)
        segment_start = stop
    # Block separators (blank lines) also end sentences: headings have no full stop.
    _append_trimmed(text, segment_start, end, spans)
    return _split_on_blank_lines(text, spans)


def _word_before(text: str, start: int, end: int) -> str | None:
    """The run of word characters and dots that ends at ``end`` (not before ``start``).

    Searched in a short window first: searching from ``start`` rescans the whole sentence
    at every full stop. A run that fills the window is searched again without it.
    """
    window = max(start, end - _WINDOW)
    match = _WORD_BEFORE.search(text, window, end)
    if match and match.start() == window and window > start:
        match = _WORD_BEFORE.search(text, start, end)
    return match.group(1) if match else None


def _is_abbreviation(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append_trimmed(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def _split_on_blank_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cursor = s
        for gap in re.finditer(r"\n\s*\n", text[s:e]):
            _append_trimmed(text, cursor, s + gap.start(), out)
            cursor = s + gap.end()
        _append_trimmed(text, cursor, e, out)
    return out
