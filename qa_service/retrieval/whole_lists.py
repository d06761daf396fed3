"""A list that straddles chunks is retrieved whole: the hit that holds part of it grows to its last item.

"In 2021, new initiatives ... include:" and its eight items span three chunks of the seed; a hit on
the lead-in's chunk held three items, so "Which new initiatives ...?" found the rest only further
down the ranking (or not at all), and "Which partner organisations ...?" matched the lead-in while
the partners were named in the next two chunks. A list is one unit of meaning, so a hit that holds
its lead-in or some of its items is widened to the list's last item (``answering/lists.py`` finds the
items), its sentences those of every chunk in that span. It is not widened backwards: a hit still
starts where it matched ("With the European Union, ... 'iVerify'" for a question on disinformation).

Only hits whose text (or the text just before it) has a colon at the end of a line can be part of
a list, so the others cost one regex search.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.reader import IndexSnapshot
from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import lists

# How far before a hit its list's lead-in may be: the longest list the item rules accept.
_REACH = lists.MAX_ITEMS * lists.MAX_ITEM_CHARS
_LEAD_IN_LINE = re.compile(r":[\s\"'\u201d\u2019)]*\n")


def list_span(text: str, sentences: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` widened to the last item of a list it holds part of (its lead-in or items), else None.
    ``sentences`` are the document's sentence spans in order."""
    for s, e in sentences:
        if s >= end:
            break
        if e < start - _REACH or not lists.introduces_list(text[s:e]):
            continue
        items = lists.items_after(text, e)
        last = items[-1][1] if items else 0
        if last > end and (s >= start or last > start):
            return start, last
    return None


def widen(snapshot: IndexSnapshot, chunk: ChunkRow, document: DocumentRow) -> ChunkRow:
    """``chunk`` grown to hold the whole list it holds part of (unchanged when it holds none)."""
    text = document.text
    if not _LEAD_IN_LINE.search(text, max(0, chunk.char_start - _REACH), chunk.char_end):
        return chunk
    chunks = [c for _, c in snapshot.document_chunks(chunk.doc_id)]
    sentences = sorted({span for c in chunks for span in c.sentences})
    span = list_span(text, sentences, chunk.char_start, chunk.char_end)
    if span is None:
        return chunk
    start, end = span
    inside = [c for c in chunks if c.char_start < end and c.char_end > start]
    return replace(
        chunk,
        char_start=start,
        char_end=end,
        token_count=sum(c.token_count for c in inside),  # an upper bound, as for passages
        sentences=[(s, e) for s, e in _distinct(sentences) if start <= s and e <= end],
        action_lines=sorted({a for c in inside for a in c.action_lines}),
        text=text[start:end],
    )


def _distinct(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
