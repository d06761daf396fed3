"""A UN-style record written with fpdf2: running header, footer, two columns, hyphens, footnotes.

The layout is done here, word by word, so the truth is known exactly: which words were
hyphenated at a line end, which page each paragraph starts on, what the furniture says.
Used by the ingestion benchmark and by the PDF loader's tests.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 20.0
BODY_TOP, BODY_BOTTOM = 30.0, 262.0
GUTTER = 8.0
LINE_H = 4.6
PAGE_NUMBER_STYLES = ("{n}/{total}", "- {n} -", "Page {n} of {total}", "{n}")


@dataclass
class Record:
    """What a generated file says: the body paragraphs, headings, footnotes, furniture, pages."""

    paragraphs: list[str]
    headings: dict[int, str] = field(default_factory=dict)  # before paragraph i
    footnotes: dict[int, str] = field(default_factory=dict)  # after paragraph i
    symbol: str = "A/75/PV.3"
    job: str = "20-24137 (E)"
    columns: int = 2
    page_style: str = PAGE_NUMBER_STYLES[0]
    encrypt_empty_password: bool = False
    paragraph_pages: list[int] = field(default_factory=list)  # filled by write(): page of each paragraph start
    paragraph_end_pages: list[int] = field(default_factory=list)  # ...and of its last line
    hyphenated: list[str] = field(default_factory=list)  # words split at a line end
    page_count: int = 0


def latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1: fold typographic marks, drop what has no Latin-1 form."""
    table = {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2014": " - ",
        "\u2013": "-",
        "\u2026": "...",
    }
    text = "".join(table.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKC", text).encode("latin-1", "ignore").decode("latin-1")
    return " ".join(text.split())


def write(record: Record, path: Path) -> Record:
    """Lay the record out and save it as a PDF at ``path``; returns the record with its truth filled in."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    col_w = (PAGE_W - 2 * MARGIN - GUTTER * (record.columns - 1)) / record.columns
    state = {"col": 0, "y": BODY_TOP, "page": 1}
    record.paragraph_pages, record.paragraph_end_pages, record.hyphenated = [], [], []

    def new_page() -> None:
        pdf.add_page()
        state["col"], state["y"] = 0, BODY_TOP

    def next_line(height: float = LINE_H) -> None:
        state["y"] += height
        if state["y"] + height > BODY_BOTTOM:
            if state["col"] + 1 < record.columns:
                state["col"], state["y"] = state["col"] + 1, BODY_TOP
            else:
                new_page()

    def x0() -> float:
        return MARGIN + state["col"] * (col_w + GUTTER)

    def set_lines(words: list[str], size: float, style: str = "") -> None:
        pdf.set_font("Times" if not style else "Helvetica", style, size)
        line: list[str] = []
        queue = list(words)
        while queue:
            word = queue.pop(0)
            trial = " ".join([*line, word])
            if pdf.get_string_width(trial) <= col_w:
                line.append(word)
                continue
            head = None if style else _hyphen_split(pdf, line, word, col_w)  # headings are not hyphenated
            if head is not None:
                line.append(head[0] + "-")
                queue.insert(0, head[1])
                record.hyphenated.append(word)
            elif not line:
                line.append(word)
            else:
                queue.insert(0, word)
            pdf.text(x0(), state["y"], " ".join(line))
            state["page"] = pdf.page
            next_line(size * 0.46)
            line = []
        if line:
            pdf.text(x0(), state["y"], " ".join(line))
            state["page"] = pdf.page
            next_line(size * 0.46)

    new_page()
    for i, paragraph in enumerate(record.paragraphs):
        if i in record.headings:
            next_line()
            set_lines(record.headings[i].split(), 12, "B")
        record.paragraph_pages.append(pdf.page)
        set_lines(paragraph.split(), 10)
        record.paragraph_end_pages.append(int(state["page"]))
        next_line(LINE_H / 2)
        if i in record.footnotes:
            _footnote(pdf, record.footnotes[i], len([k for k in record.footnotes if k <= i]))
    record.page_count = pdf.page
    for n in range(1, pdf.page + 1):
        _furniture(pdf, record, n)
    if record.encrypt_empty_password:
        pdf.set_encryption(owner_password="owner-secret", user_password="")
    pdf.output(str(path))
    return record


def _hyphen_split(pdf, line: list[str], word: str, width: float) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """Split an alphabetic word so its head and a hyphen end the line; None if it cannot be."""
    if len(word) < 8 or not word.isalpha():
        return None
    for cut in range(len(word) - 3, 3, -1):
        if pdf.get_string_width(" ".join([*line, word[:cut] + "-"])) <= width:
            return word[:cut], word[cut:]
    return None


def _footnote(pdf, text: str, number: int) -> None:  # type: ignore[no-untyped-def]
    # Footnotes sit just above the footer band of the page where they are referenced.
    pdf.set_font("Times", "", 8)
    pdf.text(MARGIN, BODY_BOTTOM + 6 + 3.5 * (number % 2), f"{number} {text}")


def _furniture(pdf, record: Record, n: int) -> None:  # type: ignore[no-untyped-def]
    pdf.page = n
    pdf.set_font("Helvetica", "", 9)
    pdf.text(MARGIN, 15, record.symbol)
    pdf.text(PAGE_W - MARGIN - 40, 15, "General Assembly")
    pdf.text(MARGIN, PAGE_H - 12, record.job)
    number = record.page_style.format(n=n, total=record.page_count)
    pdf.text(PAGE_W - MARGIN - pdf.get_string_width(number), PAGE_H - 12, number)
