"""A UN-style Word file written with python-docx, as an entity sends it; LibreOffice makes its PDF.

Header with the document symbol, footer with the job number and PAGE/NUMPAGES fields,
heading styles, a two-column section, a table, footnotes (python-docx has no footnote API,
so their part is added here), automatic hyphenation on. The truth is what was written.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass
class WordRecord:
    paragraphs: list[str]
    headings: dict[int, str] = field(default_factory=dict)  # before paragraph i
    footnotes: dict[int, str] = field(default_factory=dict)  # called at the end of paragraph i
    table: list[list[str]] = field(default_factory=list)  # rows of cells, after paragraph 1
    title: str = "Statement by the delegation"
    symbol: str = "A/76/PV.5"
    job: str = "21-26191 (E)"
    columns: int = 2

    def truth(self) -> str:
        """Title, headings, paragraphs and table cells in reading order (footnotes apart)."""
        parts = [self.title]
        for i, paragraph in enumerate(self.paragraphs):
            if i in self.headings:
                parts.append(self.headings[i])
            parts.append(paragraph)
            if i == 1 and self.table:
                parts.extend(" ".join(row) for row in self.table)
        return "\n".join(parts)


def write_docx(record: WordRecord, path: Path) -> None:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.title = record.title
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{record.symbol}\tGeneral Assembly"
    footer = section.footer.paragraphs[0]
    footer.text = f"{record.job}\t\t"
    for instr in ("PAGE", "NUMPAGES"):
        footer._p.append(
            parse_xml(f'<w:fldSimple xmlns:w="{_W_NS}" w:instr="{instr}"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )
        if instr == "PAGE":
            footer.add_run("/")
    document.add_heading(record.title, level=1)
    body = document.add_section(WD_SECTION.CONTINUOUS)
    if record.columns > 1:
        cols = body._sectPr.find(f"{{{_W_NS}}}cols")
        if cols is None:
            cols = parse_xml(f'<w:cols xmlns:w="{_W_NS}"/>')
            body._sectPr.append(cols)
        cols.set(f"{{{_W_NS}}}num", str(record.columns))
        cols.set(f"{{{_W_NS}}}space", "567")
    notes: list[str] = []
    for i, text in enumerate(record.paragraphs):
        for heading in record.headings[i].split("\n") if i in record.headings else ():
            document.add_heading(heading, level=2)
        paragraph = document.add_paragraph(text)
        if i in record.footnotes:
            notes.append(record.footnotes[i])
            paragraph._p.append(
                parse_xml(
                    f'<w:r xmlns:w="{_W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{len(notes)}"/></w:r>'
                )
            )
        if i == 1 and record.table:
            from docx.shared import Cm

            table = document.add_table(rows=len(record.table), cols=len(record.table[0]))
            table.style = "Table Grid"
            table.autofit = False
            for r, row in enumerate(record.table):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
                    table.cell(r, c).width = Cm(3.5)
            for column in table.columns:  # LibreOffice lays out by the grid: it must fit a text column
                column.width = Cm(3.5)
    _add_footnotes(document, notes)
    _auto_hyphenation(document)
    document.save(str(path))


def _add_footnotes(document, notes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    if not notes:
        return
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    bodies = "".join(
        # 9 pt, as Word's Footnote Text style sets notes (python-docx's template has no such style).
        f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t>'
        "</w:r></w:p></w:footnote>"
        for n, text in enumerate(notes, start=1)
    )
    xml = f'<w:footnotes xmlns:w="{_W_NS}">{separators}{bodies}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _auto_hyphenation(document) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    settings = document.settings.element
    settings.append(parse_xml(f'<w:autoHyphenation xmlns:w="{_W_NS}"/>'))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_files: list[Path], out_dir: Path) -> None:
    """Convert with LibreOffice (headless), all files in one run: its start-up is most of the cost."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice is not installed: apt-get install -y libreoffice-writer-nogui hyphen-en-us")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / "wsis-qa-lo-profile"  # not in out_dir: that may be a corpus
    subprocess.run(
        [
            command,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
        ]
        + [str(p) for p in docx_files],
        check=True,
        capture_output=True,
        timeout=1800,
    )
