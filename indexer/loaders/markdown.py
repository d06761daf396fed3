"""Plain text and Markdown: the seed submissions are Markdown converted from Word."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import decode_text

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [text](#) -> text
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!$|<>~])")  # \$ \( \\$ -> the character
_TRIPLE_DASH = re.compile(r"\s*---\s*")
# Underscore emphasis only at word edges, so snake_case names survive.
_EMPHASIS = re.compile(r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_PART_HEADING = re.compile(r"^(Part\s+[A-Z][a-z]+|Section\s+\w+|Annex\b)[^\n]{0,300}:", re.IGNORECASE)
_WHOLE_BOLD = re.compile(r"^\*\*(.+)\*\*$", re.DOTALL)


def clean_inline(text: str) -> str:
    """Remove Markdown artefacts and keep the words: links, escapes, emphasis, '---' dashes."""
    # Each substitution only where its marker occurs: plain prose, most of a corpus, skips all four.
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "---" in text:
        text = _TRIPLE_DASH.sub(" \u2014 ", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\2", text)
    return text


class MarkdownLoader:
    """Blank-line separated blocks; bold-only and 'Part One:' lines are headings."""

    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown")
    format = "markdown"
    version = 1

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        raw = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
        builder = DocumentBuilder()
        for chunk in re.split(r"\n\s*\n", raw):
            lines = [line for line in chunk.split("\n") if line.strip()]
            if not lines:
                continue
            self._add_chunk(builder, lines)
        return builder.build(str(path), "markdown")

    def _add_chunk(self, builder: DocumentBuilder, lines: list[str]) -> None:
        joined = " ".join(line.strip() for line in lines)
        heading = _ATX_HEADING.match(joined)
        if heading:
            builder.add("heading", clean_inline(heading.group(2)), level=len(heading.group(1)))
            return
        if _WHOLE_BOLD.match(joined) and "**" not in joined[2:-2]:
            builder.add("heading", clean_inline(joined), level=1)
            return
        if _PART_HEADING.match(clean_inline(joined)):
            builder.add("heading", clean_inline(joined), level=1)
            return
        if _BULLET.match(lines[0]):
            self._add_list(builder, lines)
            return
        text = clean_inline(joined)
        # A block that starts in lower case continues the previous one: Word-to-text
        # conversion breaks paragraphs and list items at page ends.
        if builder.blocks and text[:1].islower() and builder.blocks[-1].kind != "heading":
            builder.extend_last(text)
        else:
            builder.add("paragraph", text)

    @staticmethod
    def _add_list(builder: DocumentBuilder, lines: list[str]) -> None:
        for line in lines:
            bullet = _BULLET.match(line)
            if bullet:
                builder.add("list_item", clean_inline(bullet.group(1)))
            else:  # a wrapped line of the previous item
                builder.extend_last(clean_inline(line))
