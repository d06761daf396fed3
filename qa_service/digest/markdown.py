"""A digest as Markdown: one section per action line, each citation a footnote."""

from __future__ import annotations

import re

from qa_service.digest.model import Digest, DigestCitation

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    """Quote text as literal Markdown: no emphasis, link or HTML can come out of a submission's words."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def title(digest: Digest) -> str:
    scope = f" for {digest.entity}" if digest.entity else ""
    return f"WSIS action-line digest {digest.year}{scope}"


def source_note(citation: DigestCitation) -> str:
    """Where a quote is: entity, document id, characters and page, as a footnote says it."""
    doc = citation.document
    page = f", page {citation.page}" if citation.page is not None else ""
    who = f"{doc.entity_name or doc.entity or ''} ({doc.year})".strip() if doc.year else (doc.entity_name or "")
    return f"{who}, document {doc.id}, characters {citation.char_start}\u2013{citation.char_end}{page}".lstrip(", ")


def render(digest: Digest) -> str:
    lines = [f"# {escape(title(digest))}", ""]
    lines.append(
        f"Drawn from {len(digest.documents)} submission{'s' if len(digest.documents) != 1 else ''} "
        f"(index {digest.index_version})."
    )
    if digest.notice:
        lines += ["", f"**{escape(digest.notice)}**"]
    notes: list[str] = []
    for line in digest.action_lines:
        if lines[-1]:
            lines.append("")
        lines += [f"## {line.id} {escape(line.name)}", ""]
        if not line.addressed:
            lines.append(f"No submission of {digest.year} addresses this action line.")
            continue
        for entity in line.entities:
            name = (
                f" ({escape(entity.entity_name)})" if entity.entity_name and entity.entity_name != entity.entity else ""
            )
            lines += [f"**{escape(entity.entity)}**{name}", ""]
            for citation in entity.citations:
                notes.append(source_note(citation))
                lines.append(f"- \u201c{escape(citation.quote)}\u201d[^{len(notes)}]")
            lines.append("")
    if notes:
        lines += [""] if lines[-1] else []
        lines += [f"[^{i}]: {escape(note)}" for i, note in enumerate(notes, 1)]
    return "\n".join(lines).rstrip() + "\n"
