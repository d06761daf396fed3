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
from indexer.loaders.ocr_rules import vertical_rules
from indexer.loaders.ocr_sizes import Word, calibrate, line_sizes
from indexer.loaders.pdf_lines import Line, Rule

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
    read = {number: _read_page(pdf, number, command, path) for number in todo}
    tsvs = {number: tsv for number, (tsv, _) in read.items()}
    rules = {number: page_rules for number, (_, page_rules) in read.items()}
    out = list(pages)
    for number, lines in ocr_lines(tsvs, DPI / 72, rules).items():
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


def _read_page(pdf, number: int, command: str, path: Path) -> tuple[str, list[Rule]]:  # type: ignore[no-untyped-def]
    """Tesseract's TSV for one page rendered at DPI, and the vertical rules drawn on it."""
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
    return done.stdout.decode("utf-8", "replace"), vertical_rules(image, DPI / 72)


def ocr_lines(tsvs: dict[int, str], scale: float, rules: dict[int, list[Rule]] | None = None) -> dict[int, list[Line]]:
    """Each page's TSV words as lines, boxes in PDF points, sizes calibrated on all the pages;
    a line is cut where one of the page's vertical rules stands between two words (table cells)."""
    words = {page: [seg for group in _groups(tsv) for seg in _segments(group)] for page, tsv in tsvs.items()}
    boxed = {
        page: [
            cut
            for seg in segments
            for cut in _cut_at_rules([_word(w, scale) for w in seg], (rules or {}).get(page, []))
        ]
        for page, segments in words.items()
    }
    calibration = calibrate([w for cuts in boxed.values() for ws, _ in cuts for w in ws])
    out: dict[int, list[Line]] = {}
    for page, cuts in boxed.items():
        lines = [ws for ws, _ in cuts]
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
                    ruled=ruled,
                )
                for (ws, ruled), size in zip(cuts, line_sizes(lines, calibration), strict=True)
            ),
            key=lambda ln: (ln.top, ln.x0),
        )
    return out


def _cut_at_rules(words: list[Word], rules: list[Rule]) -> list[tuple[list[Word], bool]]:
    """The words cut into runs wherever a rule stands between two of them; True for a run in a
    cell: a rule close before it and another after it (Tesseract often reads each cell apart)."""

    def spans(rule: Rule, word: Word) -> bool:
        return rule[1] <= (word.top + word.bottom) / 2 <= rule[2]

    # A border read as a glyph ('|', 'l', '[') is the rule itself, not text, alone or stuck to a word.
    words = [_unstuck(w, rules) for w in words if not (_rule_like(w.text) and _on_rule(w, rules))]
    if not words:
        return []
    runs: list[list[Word]] = [[words[0]]]
    for word in words[1:]:
        previous = runs[-1][-1]
        if any(previous.right <= r[0] <= word.left and spans(r, word) for r in rules):
            runs.append([word])
        else:
            runs[-1].append(word)

    def in_cell(run: list[Word]) -> bool:
        first, last = run[0], run[-1]
        before = any(first.left - 1.5 * first.height <= r[0] <= first.left and spans(r, first) for r in rules)
        return before and any(r[0] >= last.right and spans(r, last) for r in rules)

    return [(run, in_cell(run)) for run in runs]


def _unstuck(word: Word, rules: list[Rule]) -> Word:
    """The word without a border glyph glued to its first or last letter ('|Projects'); Tesseract's
    box may end short of the border it read as that glyph, so a letter's width either side counts."""
    if len(word.text) < 2 or not rules:
        return word
    share = (word.right - word.left) / len(word.text)
    first = Word("", word.left - share, word.top, word.left + share, word.bottom)
    if word.text[0] in _BORDER_GLYPHS and _on_rule(first, rules):
        word = Word(word.text[1:], word.left + share, word.top, word.right, word.bottom)
    last = Word("", word.right - share, word.top, word.right + share, word.bottom)
    if word.text[-1] in _BORDER_GLYPHS and _on_rule(last, rules):
        word = Word(word.text[:-1], word.left, word.top, word.right - share, word.bottom)
    return word


_BORDER_GLYPHS = "|[]"


def _rule_like(text: str) -> bool:
    return text in {"l", "I", "1"} or (len(text) == 1 and not text.isalnum())


def _on_rule(word: Word, rules: list[Rule]) -> bool:
    return any(word.left - 1 <= r[0] <= word.right + 1 and r[1] <= (word.top + word.bottom) / 2 <= r[2] for r in rules)


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
