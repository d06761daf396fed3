"""Structure-aware chunking with exact offsets and a hard model-length guarantee.

Pure: takes a ParsedDocument and two token counters, returns chunks. Blocks are kept
whole where they fit the budget; neighbouring small blocks of one section are merged;
a block over the budget is split at sentence boundaries (with a sentence of overlap),
and a sentence over it at word boundaries. Every chunk is finally checked against the
embedding model's own tokenizer, so nothing is ever truncated silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from indexer.document import Block, ParsedDocument
from indexer.sentences import split_sentences

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class ChunkParams:
    chunk_tokens: int = 160  # cl100k budget per chunk; chosen on the eval data (see README)
    overlap_tokens: int = 32  # carried over when a long block is split at sentences
    max_model_tokens: int = 256  # the embedding model's max_seq_length, special tokens included

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Chunk:
    ordinal: int
    start: int
    end: int
    section_path: list[str]
    heading: str  # deepest full heading, used as context when embedding
    page: int | None
    token_count: int
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def embed_text(self, text: str) -> str:
        body = text[self.start : self.end]
        return f"{self.heading}\n{body}" if self.heading else body


@dataclass
class _Unit:
    start: int
    end: int
    page: int | None
    tokens: int
    heading: bool = False  # a heading opening its section's first chunk


def section_label(heading: str) -> str:
    """Short label for a heading: 'Part One: Summary of ...' -> 'Part One'."""
    prefix = heading.split(":", 1)[0].strip()
    if ":" in heading and 0 < len(prefix) <= 24:
        return prefix
    return heading if len(heading) <= 80 else heading[:79].rstrip() + "\u2026"


def chunk_document(
    doc: ParsedDocument, params: ChunkParams, count_tokens: TokenCounter, count_model_tokens: TokenCounter
) -> list[Chunk]:
    text = doc.text
    # Splitting counts the same sentences again and again (fitting, overlap, the final chunk);
    # remember each count for this document. Same counts, same chunks, a fraction of the work.
    count_tokens = _memoised(count_tokens)
    chunks: list[Chunk] = []
    headings: list[tuple[int, int, str]] = []  # (level, start, full heading) stack
    current: list[_Unit] = []

    def flush() -> None:
        if current:
            _emit(text, current, headings, params, count_tokens, count_model_tokens, chunks)
            current.clear()

    # Headings open their section's first chunk, so what only a heading or the title block says
    # (the session, the date of the inputs, an acronym) is searched and can be cited. A run of
    # headings with no text between them opens the chunk of the text that follows.
    for block in doc.blocks:
        if block.kind == "heading":
            if any(not u.heading for u in current):
                flush()
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            headings.append((block.level, block.start, text[block.start : block.end]))
            tokens = count_tokens(text[block.start : block.end])
            current.append(_Unit(block.start, block.end, block.page, tokens, heading=True))
            continue
        for unit in _units(text, block, params, count_tokens):
            total = sum(u.tokens for u in current) + unit.tokens
            if any(not u.heading for u in current) and total > params.chunk_tokens:
                flush()
            current.append(unit)
    flush()
    return chunks


def _memoised(count: TokenCounter) -> TokenCounter:
    known: dict[str, int] = {}

    def counted(text: str) -> int:
        tokens = known.get(text)
        if tokens is None:
            tokens = known[text] = count(text)
        return tokens

    return counted


def _units(text: str, block: Block, params: ChunkParams, count: TokenCounter) -> list[_Unit]:
    tokens = count(text[block.start : block.end])
    if tokens <= params.chunk_tokens:
        return [_Unit(block.start, block.end, block.page, tokens)]
    pieces = _split_spans(text, split_sentences(text, block.start, block.end), params, count)
    return [_Unit(s, e, block.page, count(text[s:e])) for s, e in pieces]


def _split_spans(
    text: str, sentences: list[tuple[int, int]], params: ChunkParams, count: TokenCounter
) -> list[tuple[int, int]]:
    """Group sentences into pieces within the budget; consecutive pieces share overlap."""
    expanded: list[tuple[int, int]] = []
    for s, e in sentences:
        expanded.extend(_split_words(text, s, e, params.chunk_tokens, count))
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(expanded):
        j, tokens = i, 0
        while j < len(expanded):
            t = count(text[expanded[j][0] : expanded[j][1]]) + 1
            if j > i and tokens + t > params.chunk_tokens:
                break
            tokens += t
            j += 1
        pieces.append((expanded[i][0], expanded[j - 1][1]))
        if j >= len(expanded):
            break
        # Step back over trailing sentences worth at most overlap_tokens, always progressing.
        k, back = j, 0
        while k - 1 > i and back + count(text[expanded[k - 1][0] : expanded[k - 1][1]]) <= params.overlap_tokens:
            k -= 1
            back += count(text[expanded[k][0] : expanded[k][1]])
        i = k
    return pieces


def _split_words(text: str, start: int, end: int, budget: int, count: TokenCounter) -> list[tuple[int, int]]:
    """A span over budget split at white space; a single over-long 'word' is split by characters."""
    if end - start <= 1 or count(text[start:end]) <= budget:
        return [(start, end)]
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    if len(words) == 1:
        mid = (start + end) // 2
        return _split_words(text, start, mid, budget, count) + _split_words(text, mid, end, budget, count)
    half = len(words) // 2
    return _split_words(text, words[0][0], words[half - 1][1], budget, count) + _split_words(
        text, words[half][0], words[-1][1], budget, count
    )


def _context_heading(heading: str, budget: int, count_model: TokenCounter) -> str:
    """The heading given as context when embedding: at most 40 words and ``budget`` model tokens."""
    words = heading.split()[:40]
    while words and count_model(" ".join(words)) > budget:
        words = words[: len(words) // 2]
    return " ".join(words)


def _emit(
    text: str,
    units: list[_Unit],
    headings: list[tuple[int, int, str]],
    params: ChunkParams,
    count: TokenCounter,
    count_model: TokenCounter,
    out: list[Chunk],
) -> None:
    start, end = units[0].start, units[-1].end
    # The context heading is the deepest one the chunk does not itself begin with.
    outer = [h for _, s, h in headings if s < start]
    heading = _context_heading(outer[-1] if outer else "", params.max_model_tokens // 2, count_model)
    path = [section_label(h) for _, _, h in headings]
    chunk = Chunk(0, start, end, path, heading, units[0].page, count(text[start:end]))
    if count_model(chunk.embed_text(text)) > params.max_model_tokens:
        # Over the model's own limit (its tokenizer splits words finer than cl100k): halve.
        if len(units) > 1:
            half = len(units) // 2
            _emit(text, units[:half], headings, params, count, count_model, out)
            _emit(text, units[half:], headings, params, count, count_model, out)
            return
        pieces = _split_spans(text, split_sentences(text, start, end), params, count)
        if len(pieces) == 1:
            # cl100k finds the span small but the model's tokenizer does not (digits, symbols,
            # scripts it spells out piece by piece): split by the model's own count.
            room = params.max_model_tokens - (count_model(heading) if heading else 0)
            pieces = _split_words(text, start, end, max(4, room), count_model)
        if len(pieces) == 1:
            raise ValueError(f"cannot fit text at {start}:{end} into {params.max_model_tokens} model tokens")
        for s, e in pieces:
            _emit(text, [_Unit(s, e, units[0].page, count(text[s:e]))], headings, params, count, count_model, out)
        return
    chunk.ordinal = len(out)
    chunk.sentences = split_sentences(text, start, end)
    out.append(chunk)
