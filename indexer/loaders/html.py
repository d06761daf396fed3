"""HTML via BeautifulSoup + lxml: headings, paragraphs, list items, tables; scripts dropped."""

from __future__ import annotations

from pathlib import Path

from indexer.document import BlockKind, DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError, decode_text

_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote", "dt", "dd"}


class HtmlLoader:
    suffixes: tuple[str, ...] = (".html", ".htm")
    format = "html"
    version = 1

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        from bs4 import BeautifulSoup

        text = decode_text(data, path)
        try:
            soup = BeautifulSoup(text, "lxml")
        except Exception as exc:  # lxml raises parser-specific types on hostile input
            raise LoadError(path, f"unparseable HTML ({type(exc).__name__})") from None
        title = soup.title.get_text(strip=True) if soup.title else ""
        for tag in soup(["script", "style", "noscript", "template", "head", "nav", "footer"]):
            tag.decompose()
        builder = DocumentBuilder()
        for element in soup.find_all(_BLOCK_TAGS):
            # Nested blocks (a <p> inside an <li>) are emitted once, by the innermost.
            if element.find(_BLOCK_TAGS):
                continue
            name = element.name
            if name == "tr":
                cells = [c.get_text(" ", strip=True) for c in element.find_all(["td", "th"])]
                builder.add("table", " | ".join(c for c in cells if c))
                continue
            kind: BlockKind = "paragraph"
            level = 0
            if name[0] == "h" and name[1:].isdigit():
                kind, level = "heading", int(name[1:])
            elif name == "li":
                kind = "list_item"
            builder.add(kind, element.get_text(" ", strip=True), level=level)
        doc = builder.build(str(path), "html")
        if title:
            doc.hints["title"] = title
        return doc
