"""The PDF text layer as lines: page, box, font size and weight, read with pypdfium2.

pypdfium2 (PDFium, Apache/BSD) was chosen by measurement over pdfplumber/pdfminer.six and
pypdf: see the commit that introduced this module and BENCHMARKS.md. A line here is a run
of characters on one baseline with no gap wider than a column gutter, so the two columns
of a page give two lines, never one spliced across the gutter.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Line:
    page: int  # 1-based
    x0: float  # PDF points, origin at the top left of the page (y grows downwards)
    top: float
    x1: float
    bottom: float
    size: float  # font size in points (the most common among the line's characters)
    bold: bool
    text: str
    page_width: float = 0.0
    page_height: float = 0.0
    cells: tuple[str, ...] = ()  # set when the line is a table row; text is then its cells joined
    ruled: bool = False  # cut from its neighbour on the baseline by a drawn rule: a table cell

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Char:
    ch: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    bold: bool


def page_lines(pdf, number: int) -> list[Line]:  # type: ignore[no-untyped-def]
    """The lines of page ``number`` (1-based) of an open ``pypdfium2.PdfDocument``, in stream order."""
    page = pdf[number - 1]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height)
        rules = _vertical_rules(page, height)
    finally:
        textpage.close()
        page.close()
    return [
        Line(number, *box[:7], width, height, ruled=box[7])  # type: ignore[arg-type,misc]
        for box in _group(chars, rules)
    ]


Rule = tuple[float, float, float]  # x, top, bottom


def _vertical_rules(page, page_height: float) -> list[Rule]:  # type: ignore[no-untyped-def]
    """The vertical edges of the page's drawn paths: table cell borders, as lines or as boxes.

    A box's edges lie outside the text it frames; only a rule with text on both sides of it on
    one baseline (a table's inner borders) ever cuts a line.
    """
    import pypdfium2.raw as pdfium_c

    rules: list[Rule] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 6:
            continue  # a horizontal rule or a dot
        edges = [(left + right) / 2] if right - left <= 2 else [left, right]
        rules.extend((x, page_height - top, page_height - bottom) for x in edges)
    return rules


def _chars(textpage, page_height: float) -> list[_Char | None]:  # type: ignore[no-untyped-def]
    """Every character with its box and font; None marks a line break PDFium inferred."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    # One call for all the text (UTF-16, one unit per character index), then per-character
    # boxes; the font is asked only where a word starts, since fonts change between words.
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = memoryview(buffer.raw).cast("H")
    # Loose boxes (the font's advance and ascent/descent), not ink boxes: a quote mark or a "1"
    # has ink far from its neighbours, and would otherwise open gaps and shift baselines.
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    weights: dict[bytes, bool] = {}
    size, bold, word_start = 0.0, False, True
    out: list[_Char | None] = []
    for i in range(count):
        code = units[i]
        if code in (0x0D, 0x0A):  # PDFium's inferred line break ("\r\n")
            if code == 0x0A or not out or out[-1] is not None:
                out.append(None)
            word_start = True
            continue
        if code in (0x02, 0xFFFE):  # PDFium's mark for a hyphen at a line end; pdf_blocks decides
            code = 0x2D
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect_ref)
        if ch.isspace():
            out.append(_Char(" ", rect.left, rect.right, 0.0, 0.0, 0.0, bold))
            word_start = True
            continue
        if word_start:
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), ctypes.byref(flags))
            font = name.value
            known = weights.get(font)
            if known is None:
                weight = pdfium_c.FPDFText_GetFontWeight(raw, i)
                known = weights[font] = weight >= 600 or b"bold" in font.lower() or b"black" in font.lower()
            bold, word_start = known, False
        out.append(_Char(ch, rect.left, rect.right, page_height - rect.top, page_height - rect.bottom, size, bold))
    return out


def _group(
    chars: list[_Char | None],
    rules: list[Rule] = (),  # type: ignore[assignment]
) -> list[tuple[float, float, float, float, float, bool, str, bool]]:
    """Runs of characters on one baseline, cut where PDFium breaks a line, a wide gap opens or a
    drawn rule stands between two characters (table cells however close); runs cut by a rule are ruled."""
    lines: list[tuple[float, float, float, float, float, bool, str, bool]] = []
    run: list[_Char] = []
    ruled = False

    def flush(cut_by_rule: bool = False) -> None:
        nonlocal ruled
        _drop_note_calls(run)
        glyphs = [c for c in run if c.ch != " "]
        if glyphs:
            text = "".join(c.ch for c in run).strip()
            sizes = [round(c.size, 1) for c in glyphs]
            size = max(set(sizes), key=sizes.count)
            bold = sum(c.bold for c in glyphs) * 2 > len(glyphs)
            lines.append(
                (
                    min(c.left for c in glyphs),
                    min(c.top for c in glyphs),
                    max(c.right for c in glyphs),
                    max(c.bottom for c in glyphs),
                    size,
                    bold,
                    " ".join(text.split()),
                    ruled or cut_by_rule,
                )
            )
        run.clear()
        ruled = cut_by_rule

    last: _Char | None = None
    for c in chars:
        if c is None:
            flush()
            last = None
            continue
        if c.ch == " ":
            if run:
                run.append(c)
            continue
        if last is not None:
            same_line = abs(c.bottom - last.bottom) < 0.5 * max(c.size, last.size, 1.0)
            gap = c.left - last.right
            if not same_line or gap > 2.5 * max(c.size, 1.0) or gap < -max(c.size, 1.0):
                flush(same_line and gap > 0 and _rule_between(rules, last, c))
            elif gap > 0.1 * c.size and _rule_between(rules, last, c):  # cells have padding: only at a gap
                flush(True)
            elif gap > 0.15 * c.size and run and run[-1].ch != " ":
                run.append(_Char(" ", last.right, c.left, 0, 0, 0, False))  # a space the PDF did not write
        run.append(c)
        last = c
    flush()
    return lines


def _rule_between(rules: Sequence[Rule], last: _Char, c: _Char) -> bool:
    middle = (c.top + c.bottom) / 2
    return any(last.right - 0.5 <= x <= c.left + 0.5 and top <= middle <= bottom for x, top, bottom in rules)


_NOTE_CALL = set("0123456789*\u2020\u2021")


def _drop_note_calls(run: list[_Char]) -> None:
    """Remove footnote calls: small raised digits right after a word ('Excellencies,1')."""
    glyphs = [c for c in run if c.ch != " "]
    if len(glyphs) < 4:
        return
    height = sorted(c.bottom - c.top for c in glyphs)[len(glyphs) // 2]
    baseline = sorted(c.bottom for c in glyphs)[len(glyphs) // 2]
    keep: list[_Char] = []
    for k, c in enumerate(run):
        raised = c.bottom < baseline - 0.2 * height and c.bottom - c.top < 0.8 * height
        if raised and c.ch in _NOTE_CALL and k > 0 and run[k - 1].ch != " ":
            continue
        keep.append(c)
    run[:] = keep
