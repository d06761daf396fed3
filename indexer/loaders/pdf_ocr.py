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
from dataclasses import replace
from pathlib import Path

from indexer.loaders.base import LoadError
from indexer.loaders.ocr_sizes import Word, calibrate, line_sizes
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
    tsvs = {number: _read_page(pdf, number, command, path) for number in todo}
    out = list(pages)
    for number, lines in ocr_lines(tsvs, DPI / 72).items():
        width, height = _size(pdf, number)
        out[number - 1] = [replace(line, page_width=width, page_height=height) for line in lines]
    return out, True


def _size(pdf, number: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        return float(width), float(height)
    finally:
        page.close()


def _read_page(pdf, number: int, command: str, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Tesseract's TSV for one page rendered at DPI."""
    page = pdf[number - 1]
    try:
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
    return done.stdout.decode("utf-8", "replace")


def ocr_lines(tsvs: dict[int, str], scale: float) -> dict[int, list[Line]]:
    """Each page's TSV words as lines, boxes in PDF points, sizes calibrated on all the pages."""
    words = {page: [seg for group in _groups(tsv) for seg in _segments(group)] for page, tsv in tsvs.items()}
    boxed = {page: [[_word(w, scale) for w in seg] for seg in segments] for page, segments in words.items()}
    calibration = calibrate([w for lines in boxed.values() for ws in lines for w in ws])
    out: dict[int, list[Line]] = {}
    for page, lines in boxed.items():
        out[page] = sorted(
            (
                Line(
                    page,
                    min(w.left for w in ws),
                    min(w.top for w in ws),
                    max(w.right for w in ws),
                    max(w.bottom for w in ws),
                    size,
                    False,  # Tesseract's LSTM engine reports no weight
                    " ".join(w.text for w in ws),
                )
                for ws, size in zip(lines, line_sizes(lines, calibration), strict=True)
            ),
            key=lambda ln: (ln.top, ln.x0),
        )
    return out


def _groups(tsv: str) -> list[list[dict[str, str]]]:
    """The TSV's words by the line Tesseract put them on."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            groups.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return list(groups.values())


def _word(row: dict[str, str], scale: float) -> Word:
    left, top = int(row["left"]) / scale, int(row["top"]) / scale
    return Word(row["text"].strip(), left, top, left + int(row["width"]) / scale, top + int(row["height"]) / scale)


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
