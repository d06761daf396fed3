"""The ingestion benchmark's documents: UNGDC speeches (the truth) made into PDF and DOCX by real producers.

- fpdf2 writes UN-style records (bench/ingest_fpdf.py): one or two columns, every page
  number style, hyphenation, footnotes, some with an empty-password encryption;
- python-docx writes Word files (bench/ingest_docx.py) and LibreOffice converts them;
- the seed submission as DOCX and as LibreOffice PDF;
- a few of those PDFs rasterised: each page an image, no text layer (a scan).
Everything is written under a git-ignored folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.corpora import REPO, SEED_CORPUS, ungdc_files
from bench.ingest_docx import WordRecord, to_pdf, write_docx
from bench.ingest_fpdf import PAGE_NUMBER_STYLES, Record, latin1, write

OUT = REPO / "var" / "ingest-bench"
SECTION_TITLES = [
    "Peace and security",
    "Sustainable development",
    "Climate change",
    "Human rights",
    "Reform of the United Nations",
    "Digital cooperation",
    "Health and recovery",
    "Conclusion",
]
NOTES = ["See resolution 76/1 of 2021.", "Report of the Secretary-General (A/76/1).", "Official Records, 75th session."]
# Cells that fill their 3.5 cm column on one line: a word space and a border apart, not a wide gap
# (cells of several lines are not read as one cell yet).
TABLE = [["Region", "Projects"], ["Eastern Africa", "Twelve projects"], ["Western Asia", "Nine projects"]]


@dataclass
class Case:
    """One generated file and what is true of it."""

    name: str
    path: Path
    producer: str  # fpdf2, libreoffice, python-docx, scan
    truth: str  # body text: title, headings, paragraphs, table cells; footnotes apart
    headings: list[str]
    furniture: list[str] = field(default_factory=list)
    hyphenated: list[str] = field(default_factory=list)
    text_layer: Path | None = None  # the PDF whose page texts say which page each sentence is on
    table_rows: list[str] = field(default_factory=list)  # rows as the loaders write them: "cell | cell"


def speeches(count: int) -> list[Path]:
    """Speeches of 4,000-16,000 characters (2-6 pages), evenly sampled over years and countries."""
    files = [f for f in ungdc_files() if 4_000 <= f.stat().st_size <= 16_000]
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def paragraphs_of(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]


def _headings(paragraphs: list[str], every: int) -> dict[int, str]:
    return {i: SECTION_TITLES[n % len(SECTION_TITLES)] for n, i in enumerate(range(3, len(paragraphs), every))}


def fpdf_cases(files: list[Path]) -> list[Case]:
    cases = []
    for k, source in enumerate(files):
        paragraphs = [latin1(p) for p in paragraphs_of(source)]
        record = Record(
            paragraphs,
            headings=_headings(paragraphs, 6),
            footnotes={2: NOTES[k % 3], min(9, len(paragraphs) - 1): NOTES[(k + 1) % 3]},
            symbol=f"A/{74 + k % 3}/PV.{k + 3}",
            job=f"{19 + k % 3}-{24000 + 137 * k} (E)",
            columns=1 + k % 2,
            page_style=PAGE_NUMBER_STYLES[k % len(PAGE_NUMBER_STYLES)],
            encrypt_empty_password=k % 4 == 3,
        )
        path = OUT / f"fpdf-{source.stem}.pdf"
        write(record, path)
        furniture = [record.symbol, record.job, "General Assembly"]
        if record.page_style != "{n}":
            furniture += [
                record.page_style.format(n=n, total=record.page_count) for n in range(1, record.page_count + 1)
            ]
        truth = "\n".join(
            (record.headings[i] + "\n" if i in record.headings else "") + p for i, p in enumerate(record.paragraphs)
        )
        cases.append(
            Case(path.stem, path, "fpdf2", truth, list(record.headings.values()), furniture, record.hyphenated, path)
        )
    return cases


def word_records(files: list[Path]) -> list[tuple[str, WordRecord]]:
    records = []
    for k, source in enumerate(files):
        paragraphs = paragraphs_of(source)
        records.append(
            (
                source.stem,
                WordRecord(
                    paragraphs,
                    headings=_headings(paragraphs, 5),
                    footnotes={2: NOTES[k % 3], min(8, len(paragraphs) - 1): NOTES[(k + 2) % 3]},
                    table=TABLE if k % 2 == 0 else [],
                    symbol=f"A/{74 + k % 3}/PV.{k + 10}",
                    job=f"{19 + k % 3}-{26000 + 191 * k} (E)",
                    columns=2 if k % 3 else 1,
                ),
            )
        )
    return records


def seed_record() -> WordRecord:
    from indexer.loaders import load_file

    doc = load_file(SEED_CORPUS / "undp-2021-cstd25-wsis-submission.txt")
    paragraphs: list[str] = []
    headings: dict[int, str] = {}
    for block in doc.blocks:
        text = doc.text[block.start : block.end]
        if block.kind == "heading":  # headings in a row are kept together, one per line
            at = len(paragraphs)
            headings[at] = f"{headings[at]}\n{text}" if at in headings else text
        else:
            paragraphs.append(text)
    first = headings.pop(0, "UNDP submission").split("\n")  # its first heading is its title: not written twice
    if len(first) > 1:
        headings = {0: "\n".join(first[1:]), **headings}
    return WordRecord(paragraphs, headings=headings, title=first[0], columns=1, symbol="E/CN.16/2022/CRP.1")


def word_cases(records: list[tuple[str, WordRecord]]) -> list[Case]:
    """Each record as DOCX (python-docx) and as PDF (LibreOffice, one conversion run for all)."""
    docx_paths = []
    for name, record in records:
        path = OUT / f"word-{name}.docx"
        write_docx(record, path)
        docx_paths.append(path)
    to_pdf(docx_paths, OUT)
    cases = []
    for (_, record), docx_path in zip(records, docx_paths, strict=True):
        headings = [record.title, *(h for both in record.headings.values() for h in both.split("\n"))]
        pdf_path = docx_path.with_suffix(".pdf")
        pages = _page_count(pdf_path)
        furniture = [record.symbol, record.job, "General Assembly"] + [f"{n}/{pages}" for n in range(1, pages + 1)]
        rows = [" | ".join(row) for row in record.table]
        cases.append(Case(docx_path.name, docx_path, "python-docx", record.truth(), headings, table_rows=rows))
        cases.append(
            Case(pdf_path.stem, pdf_path, "libreoffice", record.truth(), headings, furniture, [], pdf_path, rows)
        )
    return cases


def scan_cases(sources: list[Case], dpi: int = 200) -> list[Case]:
    """Rasterised copies of text-layer PDFs: what a scanner sends."""
    import pypdfium2 as pdfium

    cases = []
    for case in sources:
        target = OUT / f"scan-{case.path.stem}.pdf"
        pdf = pdfium.PdfDocument(case.path)
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
        pdf.close()
        images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
        cases.append(
            Case(target.stem, target, "scan", case.truth, case.headings, case.furniture, [], case.path, case.table_rows)
        )
    return cases


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def generate(count: int = 32, scans: int = 4) -> list[Case]:
    """All cases: ``count`` speeches split between fpdf2 and Word/LibreOffice, the seed, ``scans`` scans."""
    OUT.mkdir(parents=True, exist_ok=True)
    files = speeches(count)
    fpdf = fpdf_cases(files[: count // 2])
    word = word_cases([*word_records(files[count // 2 :]), ("seed", seed_record())])
    text_pdfs = [c for c in word if c.producer == "libreoffice"]
    picked = fpdf[: scans // 2] + text_pdfs[: scans - scans // 2]
    return fpdf + word + scan_cases(picked)
