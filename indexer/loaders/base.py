"""The loader interface and its error type."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from indexer.document import ParsedDocument


class LoadError(Exception):
    """A file that cannot be turned into a document; the message names the file and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class Loader(Protocol):
    """Turns the bytes of one file format into a ParsedDocument."""

    suffixes: tuple[str, ...]
    format: str  # ParsedDocument.format of what it loads
    version: int  # bumped when its output changes: documents of this format are read again

    def load(self, data: bytes, path: Path) -> ParsedDocument: ...


def decode_text(data: bytes, path: Path) -> str:
    """Decode text files as UTF-8 (with or without BOM); anything else is refused, not guessed."""
    if b"\x00" in data:
        raise LoadError(path, "binary content (NUL bytes) in a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not valid UTF-8 (byte {exc.start})") from None
