"""A sentence that introduces a list is answered with the list's items, not with the lead-in.

"In 2021, new initiatives ... include (not an exhaustive list):" says only that a list follows;
what answers "Which initiatives ...?" are the items after it. The loaders drop bullet marks, so
the items are found in the normalised text as the paragraphs that follow the lead-in:

    >>> text = "We launched:\\n\\nA health system (e-health)\\n\\nA readiness tool (policy)\\n\\nWe learned."
    >>> [text[s:e] for s, e in items_after(text, len("We launched:"))]
    ['A health system (e-health)', 'A readiness tool (policy)']

An item ends like the first one ("(e-health)" with a bracket, a full stop, a semicolon); a
paragraph that ends otherwise is the text after the list and stops it, as does a heading-like
short line. A paragraph that starts in lower case continues the item before it (a page break).
"""

from __future__ import annotations

import re

MAX_ITEMS = 10
MAX_ITEM_CHARS = 600  # a longer paragraph is prose, not a list item
_LEAD_IN_END = re.compile(r":[\s\"'\u201d\u2019)]*$")
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.DOTALL)
_MIN_ITEM_WORDS = 3


def introduces_list(sentence: str) -> bool:
    """Whether a sentence ends with a colon: what follows it (a list) is the content."""
    return bool(_LEAD_IN_END.search(sentence))


def items_after(text: str, end: int) -> list[tuple[int, int]]:
    """Offsets of the list items that follow a lead-in ending at ``end`` in ``text`` (empty: no list)."""
    items: list[tuple[int, int]] = []
    ending: str | None = None
    for start, stop in _paragraphs(text, end):
        paragraph = text[start:stop]
        if len(items) >= MAX_ITEMS or len(paragraph) > MAX_ITEM_CHARS or len(paragraph.split()) < _MIN_ITEM_WORDS:
            break
        kind = _ending(paragraph)
        if ending is None:
            ending = kind
        elif kind != ending:
            break
        items.append((start, stop))
    return items


def _paragraphs(text: str, end: int, limit: int = MAX_ITEMS + 2) -> list[tuple[int, int]]:
    """Paragraphs after ``end``; one that starts in lower case continues the one before (a page break)."""
    out: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text, end):
        if out and text[match.start()].islower():
            out[-1] = (out[-1][0], match.end())
            continue
        if len(out) > limit:
            break
        out.append((match.start(), match.end()))
    return out


def _ending(paragraph: str) -> str:
    last = paragraph.rstrip()[-1:]
    if last in ".!?":
        return "."
    return last if last in ");," else "word"
