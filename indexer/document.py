"""The shape every loader produces: normalised text plus the structure found in it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table", "footnote"]
PageStarts = list[tuple[int, int]]  # (offset in the text, page) wherever the page changes, in text order


@dataclass(frozen=True)
class Block:
    """One structural unit of a document; ``text[start:end]`` of the document is its text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading depth (1 = top); 0 for non-headings
    page: int | None = None


@dataclass
class ParsedDocument:
    """A loaded document: normalised text, its blocks in order, and the path it came from."""

    text: str
    blocks: list[Block]
    source_path: str
    format: str
    page_count: int | None = None
    hints: dict[str, str] = field(default_factory=dict)  # e.g. a title from PDF/DOCX metadata
    # Where each page's text starts. Not monotone in pages: a footnote of page 4 is placed after
    # the paragraph that runs from page 4 onto page 5. Empty for formats without fixed pages.
    page_starts: PageStarts = field(default_factory=list)


def page_at(page_starts: Sequence[Sequence[int]], offset: int) -> int | None:
    """The page that the character at ``offset`` is on; None when the document has no pages."""
    i = bisect_right([start for start, _ in page_starts], offset) - 1
    return int(page_starts[i][1]) if i >= 0 else None


class DocumentBuilder:
    """Appends blocks to a growing text so that offsets are exact by construction.

    Blocks are separated by a blank line; any whitespace inside a block is folded
    to single spaces, so the normalised text is stable whatever the source format.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.page_starts: PageStarts = []

    def add(
        self,
        kind: BlockKind,
        text: str,
        level: int = 0,
        page: int | None = None,
        page_marks: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Append a block; ``page_marks`` are (offset in ``text``, page) where a later page begins in it."""
        normal = " ".join(text.split())
        if not normal:
            return
        if normal != text:
            page_marks = ()  # offsets into text that was not normalised cannot be trusted
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(normal)
        self._length += len(normal)
        self.blocks.append(Block(kind, start, self._length, level, page))
        for offset, on_page in ((0, page), *page_marks):
            if on_page is not None and (not self.page_starts or self.page_starts[-1][1] != on_page):
                self.page_starts.append((start + offset, on_page))

    def extend_last(self, text: str) -> None:
        """Continue the previous block (a paragraph broken by a page or line wrap)."""
        text = " ".join(text.split())
        if not text or not self.blocks:
            self.add("paragraph", text)
            return
        self._parts.append(" " + text)
        self._length += 1 + len(text)
        last = self.blocks[-1]
        self.blocks[-1] = Block(last.kind, last.start, self._length, last.level, last.page)

    def build(self, source_path: str, fmt: str, page_count: int | None = None) -> ParsedDocument:
        return ParsedDocument(
            "".join(self._parts), list(self.blocks), source_path, fmt, page_count, page_starts=list(self.page_starts)
        )
