"""The shape every loader produces: normalised text plus the structure found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


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


class DocumentBuilder:
    """Appends blocks to a growing text so that offsets are exact by construction.

    Blocks are separated by a blank line; any whitespace inside a block is folded
    to single spaces, so the normalised text is stable whatever the source format.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, kind: BlockKind, text: str, level: int = 0, page: int | None = None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(Block(kind, start, self._length, level, page))

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
        return ParsedDocument("".join(self._parts), list(self.blocks), source_path, fmt, page_count)
