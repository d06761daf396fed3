"""Scores of a loaded document against the text it was made from (pure functions)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from indexer.document import ParsedDocument, page_at

_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def similarity(truth: str, got: str) -> float:
    """Word-sequence similarity, 0..1 (difflib ratio over word lists, no junk heuristic)."""
    a, b = words(truth), words(got)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def body_text(doc: ParsedDocument) -> str:
    """The text without footnote blocks (the truth has them apart)."""
    return "\n\n".join(doc.text[b.start : b.end] for b in doc.blocks if b.kind != "footnote")


def leaked(doc: ParsedDocument, furniture: list[str]) -> int:
    """How many furniture strings (headers, footers, page numbers) are still in the text."""
    text = f" {' '.join(doc.text.split())} "
    return sum(text.count(f" {f} ") for f in furniture)


def hyphen_leftovers(doc: ParsedDocument, hyphenated: list[str]) -> int:
    """Words split at a line end that are not whole again (a '-' left, or a space)."""
    text = doc.text.lower()
    missing = 0
    for word in set(hyphenated):
        w = word.lower()
        if re.search(rf"\b{re.escape(w[:3])}\w*-\s?\w*{re.escape(w[-2:])}\b", text) and w not in text:
            missing += 1
    return missing


def heading_recall(doc: ParsedDocument, headings: list[str]) -> float:
    if not headings:
        return 1.0
    found = {" ".join(doc.text[b.start : b.end].split()).lower() for b in doc.blocks if b.kind == "heading"}
    return sum(" ".join(h.split()).lower() in found for h in headings) / len(headings)


def pages_right(doc: ParsedDocument, paragraphs: list[str], pages: list[int]) -> tuple[int, int]:
    """(right, checked): paragraphs whose first words are found, and whose offset is on the true page."""
    right = checked = 0
    cursor = 0
    for paragraph, page in zip(paragraphs, pages, strict=True):
        probe = " ".join(paragraph.split()[:8])
        at = doc.text.find(probe, cursor)
        if at < 0 or len(probe) < 20:
            continue
        checked += 1
        right += page_at(doc.page_starts, at) == page
        cursor = at
    return right, checked
