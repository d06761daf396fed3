"""Page furniture: running headers and footers, page numbers, document symbols, job numbers.

Only lines in the top or bottom band of a page are ever removed, and only when they look
like furniture on their own (a page number, a UN document symbol, a job number) or when
the same line, digits aside, comes back on other pages in the same band.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from indexer.loaders.pdf_lines import Line

BAND = 0.11  # share of the page height, top and bottom, where furniture sits

_PAGE_NUMBER = re.compile(
    r"^(?:[-\u2013\u2014\s]*\d{1,4}[-\u2013\u2014\s]*"  # 3, - 3 -
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/18
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 3, Page 3 of 18
    r"|[ivxlc]{1,6})$",  # roman numerals of front matter
    re.IGNORECASE,
)
# A/76/PV.3, E/CN.16/2021/2, A/RES/75/1, A/HRC/47/L.1, S/2021/123, TD/B/C.II/42 (optionally after text).
_SYMBOL = re.compile(r"^(?=[^\s]*\d)[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]{0,11}){1,6}(?:\s*\([^)]*\))?$")
# Job numbers: 21-12345 (E), 2112345E, 21-12345 (E) 011021 *2112345*
_JOB = re.compile(r"^(?:\*?\d{2}-?\d{5}\s*\(?[A-Z]\)?(?:\s+\d{6})?\s*\*?\d*[A-Z]?\*?)$")
_DIGITS = re.compile(r"\d+")


def _one_marker(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _SYMBOL.match(text) or _JOB.match(text))


def is_marker(text: str) -> bool:
    """True for a line that is furniture whatever page it is on: page numbers, symbols, job numbers.

    A footer may string several together ("21-12345 (E) 3/18", "A/76/PV.3 21-12345"): the line
    is a marker when its words can be cut into runs that are each one.
    """
    words = text.split()
    if not words or len(words) > 8:
        return False
    covered = [True] + [False] * len(words)  # covered[i]: words[:i] is a sequence of markers
    for end in range(1, len(words) + 1):
        covered[end] = any(covered[start] and _one_marker(" ".join(words[start:end])) for start in range(end))
    return covered[-1]


def in_band(line: Line) -> str | None:
    """'top' or 'bottom' when the line lies in a furniture band of its page, else None."""
    if line.page_height <= 0:
        return None
    if line.bottom <= line.page_height * BAND:
        return "top"
    if line.top >= line.page_height * (1 - BAND):
        return "bottom"
    return None


def _shape(line: Line, band: str) -> tuple[str, str]:
    # Digits aside, so "Page 3 of 18" on page 3 matches "Page 4 of 18" on page 4.
    return band, _DIGITS.sub("#", " ".join(line.text.lower().split()))


def _repeats(pages: list[list[Line]], needed: int) -> Counter[tuple[str, str]]:
    """For each band line's shape, on how many pages a line of (nearly) that shape is in that band.

    Nearly: OCR misreads a header now and then ("A/T75/PV.3"), so shapes 85% alike count.
    """
    shapes = [{_shape(line, band) for line in lines if (band := in_band(line))} for lines in pages]
    exact: Counter[tuple[str, str]] = Counter(shape for page in shapes for shape in page)
    counts: Counter[tuple[str, str]] = Counter(exact)
    for shape in exact:
        if exact[shape] < needed:  # only the rare misread line costs a fuzzy comparison
            counts[shape] = sum(any(o == shape or _alike(o, shape) for o in page) for page in shapes)
    return counts


def _alike(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if a[0] != b[0]:
        return False
    matcher = SequenceMatcher(None, a[1], b[1])
    return matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def remove_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], list[Line]]:
    """The pages without their furniture lines, and the lines removed (for tests and the benchmark)."""
    # Repeated on at least half of the pages (and on two at least): a running header or footer.
    needed = max(2, (len(pages) + 1) // 2)
    repeats = _repeats(pages, needed)
    kept: list[list[Line]] = []
    removed: list[Line] = []
    for lines in pages:
        gone: set[int] = set()
        # From each edge of the page inwards, while lines are furniture: a page number or a
        # symbol is furniture only at the edge, so "12" in a table row at the top stays.
        for band, order in (
            ("top", sorted(lines, key=lambda ln: ln.top)),
            ("bottom", sorted(lines, key=lambda ln: -ln.bottom)),
        ):
            for line in order:
                if in_band(line) != band:
                    break
                # A repeated line is a running header only if set apart from the text beside it:
                # a page that starts with the same sentence each time is not furniture.
                repeated = (
                    repeats[_shape(line, band)] >= needed and _gap_inwards(line, lines, band) >= 0.8 * line.height
                )
                if not (is_marker(line.text) or repeated):
                    break
                gone.add(id(line))
        kept.append([line for line in lines if id(line) not in gone])
        removed.extend(line for line in lines if id(line) in gone)
    return kept, removed


def _gap_inwards(line: Line, lines: list[Line], band: str) -> float:
    """Distance from ``line`` to the nearest line on the page side of it (below a header, above a footer)."""
    if band == "top":
        gaps = [other.top - line.bottom for other in lines if other.top >= line.bottom - 1]
    else:
        gaps = [line.top - other.bottom for other in lines if other.bottom <= line.top + 1]
    return min(gaps, default=float("inf"))
