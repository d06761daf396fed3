"""A digest as a Word document (python-docx), for drafting the report's chapters.

python-docx writes no real footnotes, so each quote carries a bracketed number and the
sources are listed, numbered, at the end: Word users move them into footnotes if they wish.
"""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document

from qa_service.digest.markdown import source_note, title
from qa_service.digest.model import Digest

# Characters XML 1.0 cannot hold (form feeds from PDFs, stray controls): python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _plain(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def render(digest: Digest) -> bytes:
    document = Document()
    document.core_properties.title = title(digest)
    document.add_heading(title(digest), level=0)
    document.add_paragraph(f"Drawn from {len(digest.documents)} submission(s), index {digest.index_version}.")
    if digest.notice:
        document.add_paragraph().add_run(digest.notice).bold = True
    notes: list[str] = []
    for line in digest.action_lines:
        document.add_heading(f"{line.id} {line.name}", level=1)
        if not line.addressed:
            document.add_paragraph(f"No submission of {digest.year} addresses this action line.")
            continue
        for entity in line.entities:
            heading = entity.entity
            if entity.entity_name and entity.entity_name != entity.entity:
                heading += f" ({entity.entity_name})"
            document.add_heading(heading, level=2)
            for citation in entity.citations:
                notes.append(source_note(citation))
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"\u201c{_plain(citation.quote)}\u201d")
                paragraph.add_run(f" [{len(notes)}]").font.superscript = True
    if notes:
        document.add_heading("Sources", level=1)
        for number, note in enumerate(notes, 1):
            document.add_paragraph(f"[{number}] {note}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
