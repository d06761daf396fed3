"""One loader per file format behind a common interface; ``load_file`` picks by suffix."""

from __future__ import annotations

from pathlib import Path

from indexer.document import ParsedDocument
from indexer.loaders.base import Loader, LoadError
from indexer.loaders.docx import DocxLoader
from indexer.loaders.html import HtmlLoader
from indexer.loaders.markdown import MarkdownLoader
from indexer.loaders.pdf import PdfLoader

LOADERS: tuple[Loader, ...] = (MarkdownLoader(), PdfLoader(), DocxLoader(), HtmlLoader())
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(s for loader in LOADERS for s in loader.suffixes)
MAX_FILE_BYTES = 50 * 1024 * 1024


def loader_for(path: Path) -> Loader:
    suffix = path.suffix.lower()
    for loader in LOADERS:
        if suffix in loader.suffixes:
            return loader
    raise LoadError(
        path, f"unsupported file type '{suffix or '(none)'}'; supported: " + ", ".join(sorted(SUPPORTED_SUFFIXES))
    )


def load_bytes(data: bytes, path: Path) -> ParsedDocument:
    """Parse ``data`` as the format named by ``path``'s suffix; raises LoadError on bad input."""
    loader = loader_for(path)
    if not data.strip():
        raise LoadError(path, "empty file")
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(path, f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        doc = loader.load(data, path)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError(path, "document nesting too deep") from None
    if not doc.text.strip():
        raise LoadError(path, "no text found in the document")
    return doc


def load_file(path: Path) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read file ({exc.strerror})") from None
    return load_bytes(data, path)


__all__ = ["LoadError", "Loader", "SUPPORTED_SUFFIXES", "load_bytes", "load_file", "loader_for"]
