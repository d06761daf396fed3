"""Footnotes and endnotes of a DOCX: python-docx has no API for them, so their XML parts are read.

``word/footnotes.xml`` holds ``<w:footnote w:id="N">`` elements (ids -1 and 0, or those typed
separator / continuationSeparator, are the rule lines Word draws, not notes); the body
calls note N with ``<w:footnoteReference w:id="N"/>``. Endnotes work the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ID = f"{_W}id"
_TYPE = f"{_W}type"
_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def notes_of(document, kind: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """id -> 'N text' for each real note of ``kind`` ('footnotes' or 'endnotes'), numbered in order."""
    from lxml import etree

    part = next(
        (
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == _RELTYPE + kind and not rel.is_external
        ),
        None,
    )
    if part is None:
        return {}
    root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    notes: dict[str, str] = {}
    for note in root.iter(f"{_W}footnote", f"{_W}endnote"):
        if note.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
        if text:
            notes[note.get(_ID, "")] = f"{len(notes) + 1} {text}"
    return notes


def references_in(paragraph_element, kind: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The id of each note of ``kind`` ('footnote' or 'endnote') the paragraph calls, in order."""
    for element in paragraph_element.iter(f"{_W}{kind}Reference"):
        yield element.get(_ID, "")
