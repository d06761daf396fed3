"""OCR of scanned PDF pages with Tesseract: the one adapter to the external tool.

Tesseract is an optional system package (Debian ``tesseract-ocr``): the service runs
without it, and a scanned PDF then fails with a LoadError that names what is missing.
Pages are rendered with PDFium and read through the ``tesseract`` command line in TSV
form, whose word boxes become the same Line records a text layer gives.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

from indexer.loaders.base import LoadError
from indexer.loaders.pdf_lines import Line

DPI = 300
TIMEOUT_S = 120  # per page; a page that takes longer is not a page of a submission
LANGUAGES = os.environ.get("QA_OCR_LANGUAGES", "eng")


def tesseract() -> str | None:
    return shutil.which("tesseract")


def needs_ocr(pdf, number: int) -> bool:  # type: ignore[no-untyped-def]
    """A page that shows an image (a scan) but has no text layer."""
    import pypdfium2.raw as pdfium_c

    page = pdf[number - 1]
    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    finally:
        page.close()


def ocr_pages(pdf, pages: list[list[Line]], path: Path) -> tuple[list[list[Line]], bool]:  # type: ignore[no-untyped-def]
    """The pages with every text-less scanned page read by OCR; True if any page was."""
    todo = [n for n, lines in enumerate(pages, start=1) if not lines and needs_ocr(pdf, n)]
    if not todo:
        return pages, False
    command = tesseract()
    if command is None:
        raise LoadError(
            path,
            "scanned PDF without a text layer: OCR needs Tesseract (Debian package 'tesseract-ocr'), not installed",
        )
    out = list(pages)
    for number in todo:
        out[number - 1] = _read_page(pdf, number, command, path)
    return out, True


def _read_page(pdf, number: int, command: str, path: Path) -> list[Line]:  # type: ignore[no-untyped-def]
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run(
            [command, "stdin", "stdout", "-l", LANGUAGES, "--psm", "3", "tsv"],
            input=png.getvalue(),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one core: the machine is shared
        )
    except subprocess.TimeoutExpired:
        raise LoadError(path, f"OCR of page {number} took longer than {TIMEOUT_S}s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise LoadError(path, f"OCR of page {number} failed: {reason[0]}")
    return tsv_lines(done.stdout.decode("utf-8", "replace"), number, width, height, DPI / 72)


def tsv_lines(tsv: str, page: int, width: float, height: float, scale: float) -> list[Line]:
    """Tesseract's TSV words grouped into lines, boxes in PDF points; size from the line height."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            groups.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines: list[Line] = []
    for words in (segment for group in groups.values() for segment in _segments(group)):
        x0 = min(int(w["left"]) for w in words) / scale
        top = min(int(w["top"]) for w in words) / scale
        x1 = max(int(w["left"]) + int(w["width"]) for w in words) / scale
        bottom = max(int(w["top"]) + int(w["height"]) for w in words) / scale
        # A line box spans ascenders to descenders, about 1.2 times the type size; it varies with
        # the letters, so sizes go in 3-point steps: body text one size, real headings another.
        size = 3 * round((bottom - top) / 1.2 / 3)
        text = " ".join(w["text"].strip() for w in words)
        lines.append(Line(page, x0, top, x1, bottom, float(size), False, text, width, height))
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def _segments(words: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """A line's words cut where a gap wider than 2.5 line heights opens, as for a text layer:
    Tesseract reads a header's symbol and title, far apart on one baseline, as one line."""
    words = sorted(words, key=lambda w: int(w["left"]))
    height = max(int(w["height"]) for w in words)
    out = [[words[0]]]
    for word in words[1:]:
        previous = out[-1][-1]
        if int(word["left"]) - (int(previous["left"]) + int(previous["width"])) > 2.5 * height:
            out.append([word])
        else:
            out[-1].append(word)
    return out
