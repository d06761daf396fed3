"""Rank small, return the passage around it: chunks grouped into parent passages.

A chunk is the unit of ranking (a short chunk's embedding and BM25 score are sharp); the unit a
reader gets is its *passage*: the run of consecutive chunks of one section, within a token budget,
that the chunk belongs to. Passages partition each document, are fixed per snapshot and budget, and
score as their best chunk ("MaxP"), so a search returns each passage once. On PolicyQA (held-out
policies, eval/README.md) ranking 160-token chunks and returning 320-token passages puts the gold
span in the top 5 far more often than chunking at 320 tokens does, for the same amount of text.

Nothing here changes the index: passages are derived from the chunk rows when a snapshot is served.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from indexer.reader import IndexSnapshot
from indexer.store import ChunkRow, DocumentRow
from qa_service.retrieval.hybrid import Fused


@dataclass(frozen=True)
class Passages:
    budget: int  # cl100k tokens: consecutive chunks are joined while their token counts fit
    parent_of: np.ndarray  # int64, chunk row -> passage id
    members: list[list[int]]  # passage id -> its chunk rows, in document order


def group(snapshot: IndexSnapshot, budget: int) -> Passages:
    """Each section's chunks, in order, joined into passages of at most ``budget`` tokens (a chunk over
    the budget is a passage of its own): a passage never spans two sections, so its section path holds.
    One pass over the chunk table, done once per snapshot."""
    parent_of = np.full(snapshot.chunk_count, -1, dtype=np.int64)
    members: list[list[int]] = []
    section, used = None, 0
    query = "SELECT row, doc_id, section_path, token_count FROM chunks ORDER BY doc_id, ordinal"
    for row, doc_id, path, tokens in snapshot.conn.execute(query):
        if (doc_id, path) != section or used + tokens > budget:
            members.append([])
            section, used = (doc_id, path), 0
        members[-1].append(int(row))
        parent_of[row] = len(members) - 1
        used += tokens
    return Passages(budget, parent_of, members)


def collapse(fused: list[Fused], passages: Passages) -> list[Fused]:
    """The ranking by passage: each passage once, at the place (and with the scores) of its best chunk."""
    seen: set[int] = set()
    kept = []
    for item in fused:
        parent = int(passages.parent_of[item.row])
        if parent not in seen:
            seen.add(parent)
            kept.append(item)
    return kept


def expand(
    snapshot: IndexSnapshot, passages: Passages, rows: list[int], documents: dict[str, DocumentRow]
) -> dict[int, ChunkRow]:
    """For each best-chunk row, its passage as one ChunkRow: the span and sentences of all its chunks,
    the section and heading of the first, and the id of the chunk that matched (``documents`` gains any
    document read)."""
    wanted = {row: passages.members[int(passages.parent_of[row])] for row in rows}
    chunks = snapshot.chunks(sorted({r for members in wanted.values() for r in members}))
    out: dict[int, ChunkRow] = {}
    for row, members in wanted.items():
        parts = [chunks[r] for r in members]
        if len(parts) == 1:
            out[row] = parts[0]
            continue
        first, best = parts[0], chunks[row]
        document = documents.setdefault(first.doc_id, snapshot.documents[first.doc_id])
        start, end = first.char_start, max(p.char_end for p in parts)
        text = document.text[start:end]
        out[row] = replace(
            best,
            section_path=first.section_path,
            heading=first.heading,
            char_start=start,
            char_end=end,
            page=first.page,
            # An upper bound (shared overlap counted twice): tokenizing the passage again cost more than
            # the rest of a search (2.5 of ~3 ms); a budget filled with passages stays within it.
            token_count=sum(p.token_count for p in parts),
            sentences=_distinct_sentences([s for p in parts for s in p.sentences]),
            action_lines=sorted({a for p in parts for a in p.action_lines}),
            text=text,
        )
    return out


def _distinct_sentences(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of overlapping chunks, each once: a span starting inside the last one kept is the
    same sentence seen again by the next chunk (chunks overlap by whole sentences)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
