"""What an upload may be: a safe file name, a type read from the bytes, metadata of known fields.

Nothing here touches the corpus; ``staging`` and ``tasks`` do, after these checks pass.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

import puremagic
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qa_service.errors import InvalidMetadata, UnsupportedMediaType

# Kinds told apart by content, and the file suffixes each may carry.
SUFFIXES = {"pdf": (".pdf",), "docx": (".docx",), "text": (".txt", ".md", ".markdown"), "html": (".html", ".htm")}
DEFAULT_SUFFIX = {kind: suffixes[0] for kind, suffixes in SUFFIXES.items()}
_KIND_OF_SUFFIX = {s: kind for kind, suffixes in SUFFIXES.items() for s in suffixes}
_SKIPPED_NAMES = {"readme.md", "readme.txt"}  # the indexer ignores these names
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|p|div|h[1-6])\b", re.I | re.S
)
_HTML_ELEMENT = re.compile(
    rb"<(?:a|abbr|article|aside|b|blockquote|body|br|caption|code|dd|div|dl|dt|em|figure|footer|h[1-6]|head|header"
    rb"|hr|html|i|img|li|main|nav|ol|p|pre|section|span|strong|sub|sup|table|tbody|td|th|thead|title|tr|u|ul)\b[^>]*>",
    re.I,
)
MAX_STEM = 100


class UploadMetadata(BaseModel):
    """Optional metadata of an upload; stored as the document's ``.meta.json`` sidecar."""

    model_config = ConfigDict(extra="forbid")

    entity: str | None = Field(None, max_length=200, examples=["UNDP"])
    entity_name: str | None = Field(None, max_length=500)
    entity_aliases: list[str] | None = Field(None, max_length=50)
    entity_kind: str | None = Field(None, max_length=50)
    year: int | None = Field(None, ge=1900, le=2100)
    session: int | None = Field(None, ge=1, le=200)
    session_venue: str | None = Field(None, max_length=200)
    date: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=500)
    source: str | None = Field(None, max_length=1000)
    collection: str | None = Field(None, max_length=200)


def parse_metadata(raw: str | None) -> dict[str, object]:
    if raw is None or not raw.strip():
        return {}
    try:
        return UploadMetadata.model_validate_json(raw).model_dump(exclude_none=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "metadata"
        raise InvalidMetadata(f"metadata {where}: {first.get('msg', 'invalid')}") from None


def safe_name(raw: str | None) -> tuple[str, str]:
    """(stem, lower-case suffix) of a file name reduced to ASCII letters, digits and ``._-``.

    Directories are dropped (``../../etc/passwd`` -> ``passwd``), accents folded, leading
    dots removed (no hidden files), length capped; an empty result becomes ``document``.
    """
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip(". "):  # '.bashrc', '...': no suffix, only a (hidden) stem
        stem, suffix = name, ""
    stem = _ascii(stem)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_ ")[:MAX_STEM].rstrip(".-_") or "document"
    suffix = "." + re.sub(r"[^a-z0-9]", "", _ascii(suffix).lower()) if suffix else ""
    suffix = "" if suffix == "." else suffix
    if f"{stem}{suffix}".lower() in _SKIPPED_NAMES:
        stem += "-document"
    return stem, suffix


def _ascii(text: str) -> str:
    """Accents folded ('Résumé' -> 'Resume'); other non-ASCII letters dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def sniff(data: bytes) -> str:
    """The kind of a file from its bytes: pdf, docx, html or text; anything else is refused."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text = _as_text(data)
    if text is not None:
        return "html" if _HTML_START.match(data[:4096]) else "text"
    raise UnsupportedMediaType(f"the content is {_guess(data)}, not a PDF, DOCX, HTML, Markdown or text file")


def checked_suffix(data: bytes, suffix: str) -> str:
    """The suffix to store the file under: the name's, when it agrees with the bytes."""
    kind = sniff(data)
    if not suffix:
        return DEFAULT_SUFFIX[kind]
    named = _KIND_OF_SUFFIX.get(suffix)
    if named is None:
        raise UnsupportedMediaType(
            f"unsupported file type '{suffix}'; supported: " + ", ".join(sorted(_KIND_OF_SUFFIX))
        )
    if named == "html" and kind == "text" and _HTML_ELEMENT.search(data[:65536]):
        # A fragment without <html> ('<section>...', a bare '<ul>' list) is what CMS exports
        # send, and the HTML loader reads it; text with no element at all is still refused.
        return suffix
    if named != kind:
        raise UnsupportedMediaType(
            f"the file is named '{suffix}' but its content is {kind.upper()}", code="content_type_mismatch"
        )
    return suffix


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsupportedMediaType("a damaged ZIP archive, not a DOCX file") from None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return "docx"
    raise UnsupportedMediaType("a ZIP archive that is not a Word (DOCX) document")


def _as_text(data: bytes) -> str | None:
    """UTF-8 text without NULs or other C0 controls than tab, newlines and form feed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:65536]):
        return None
    return text


def _guess(data: bytes) -> str:
    try:
        match = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return "not recognised"
    if not match:
        return "not recognised"
    return f"'{match[0].mime_type or match[0].extension}'"
