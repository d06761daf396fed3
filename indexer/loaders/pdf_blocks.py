"""Lines in reading order to blocks: headings by font rank, footnotes, lists, table rows, paragraphs.

Runs across pages, so that a paragraph cut by a page or column break is one block, and a
word hyphenated at a line end is joined again. Each block keeps the page of every line,
so the document can say where each page starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.document import BlockKind
from indexer.loaders import lexicon
from indexer.loaders.pdf_lines import Line
from indexer.loaders.pdf_order import column_split

_BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2013\-*]\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+)")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}|[*\u2020\u2021])(?:\s+|(?=[A-Z]))")
_TERMINAL = re.compile(r"[.!?:;\u201d\"')]$")
_WORD_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")


@dataclass
class Para:
    kind: BlockKind
    level: int = 0
    pieces: list[tuple[str, int]] = field(default_factory=list)  # (text, page) of each line, joined as given


@dataclass
class Style:
    """The document's body size and the ranked heading styles (size, bold), largest first."""

    body: int
    headings: list[tuple[int, bool]]

    def heading_level(self, line: Line) -> int:
        key = (round(line.size), line.bold)
        return self.headings.index(key) + 1 if key in self.headings else 0


def measure_style(lines: list[Line]) -> Style:
    """Body size = the size most characters have; larger sizes, and bold at body size, rank as headings."""
    weight: Counter[int] = Counter()
    for line in lines:
        weight[round(line.size)] += len(line.text)
    body = weight.most_common(1)[0][0] if weight else 10
    styles = {
        (round(ln.size), ln.bold)
        for ln in lines
        if not ln.cells
        and len(ln.text.split()) <= 20
        and (round(ln.size) > body or (ln.bold and round(ln.size) == body))
        and any(ch.isalpha() for ch in ln.text)
    }
    return Style(body, sorted(styles, key=lambda s: (-s[0], not s[1]))[:6])


def split_footnotes(lines: list[Line], body: float) -> tuple[list[Line], list[Line]]:
    """(body lines, footnote lines) of one page: the lines below all body text that are set in
    small print, or set apart by a wide gap (a footnote rule) when a producer kept the body size.
    On a two-column page each column has its own notes (as LibreOffice and Word set them)."""
    middle = column_split(lines)
    sides = (
        [lines] if middle is None else [[ln for ln in lines if ln.x0 < middle], [ln for ln in lines if ln.x0 >= middle]]
    )
    notes: list[Line] = []
    for side in sides:
        bottom_up = sorted(side, key=lambda ln: -ln.top)
        found: list[Line] = []
        for line in bottom_up:
            if round(line.size) >= body or line.cells:
                break
            found.append(line)
        found = sorted(found or _set_apart(bottom_up), key=lambda ln: ln.top)
        while found and not _FOOTNOTE_MARK.match(found[0].text):  # notes start with their mark
            found.pop(0)
        notes.extend(found)
    ids = {id(n) for n in notes}
    return [ln for ln in lines if id(ln) not in ids], notes


def _set_apart(bottom_up: list[Line], most: int = 8) -> list[Line]:
    """The bottom lines (at most ``most``) under a gap of two line heights or more."""
    for i, line in enumerate(bottom_up[:most]):
        if i + 1 >= len(bottom_up):
            return []
        if bottom_up[i].top - bottom_up[i + 1].bottom >= 2 * line.height:
            return bottom_up[: i + 1]
    return []


def footnote_paras(notes: list[Line]) -> list[Para]:
    paras: list[Para] = []
    for line in notes:
        if _FOOTNOTE_MARK.match(line.text) or not paras:
            paras.append(Para("footnote"))
        paras[-1].pieces.append((line.text, line.page))
    return [_dehyphenated(p, set()) for p in paras]


def build_paras(lines: list[Line], style: Style, vocabulary: set[str]) -> list[Para]:
    """Blocks from lines already in reading order across all pages."""
    paras: list[Para] = []
    previous: Line | None = None
    gaps = [
        b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page and b.top - a.bottom > 0
    ]
    usual_gap = sorted(gaps)[len(gaps) // 2] if gaps else 2.0
    for line in lines:
        level = style.heading_level(line)
        kind: BlockKind = "table" if line.cells else "heading" if level else "paragraph"  # no heading in a table
        if kind == "paragraph" and (_BULLET.match(line.text) or _NUMBERED.match(line.text)):
            kind = "list_item"
        current = paras[-1] if paras else None
        if current is None or previous is None or _starts_block(current, kind, level, previous, line, usual_gap):
            paras.append(Para(kind, level))
            current = paras[-1]
        current.pieces.append((line.text, line.page))
        previous = line
    return [_dehyphenated(p, vocabulary) for p in paras]


def _starts_block(current: Para, kind: BlockKind, level: int, previous: Line, line: Line, usual_gap: float) -> bool:
    if kind in ("heading", "table") or current.kind in ("heading", "table"):
        return not (
            kind == current.kind == "heading" and level == current.level and line.top - previous.bottom < line.size
        )
    text_so_far = current.pieces[-1][0]
    if kind == "list_item":
        # A dash that opens a line inside a running sentence is a dash, not a bullet.
        gap_opens = line.page == previous.page and line.top - previous.bottom > usual_gap + 0.35 * line.size
        return current.kind == "list_item" or bool(_TERMINAL.search(text_so_far)) or gap_opens
    moved = line.page != previous.page or line.top < previous.top - 1  # next column or page
    if moved:
        # A break of page or column: a sentence that has not ended goes on.
        return bool(_TERMINAL.search(text_so_far)) and not line.text[:1].islower()
    gap = line.top - previous.bottom
    if gap > usual_gap + 0.35 * line.size:
        return True
    return line.x0 > previous.x0 + 1.5 * line.size and bool(_TERMINAL.search(text_so_far))  # indented first line


def _dehyphenated(para: Para, vocabulary: set[str]) -> Para:
    """Join the pieces' texts: a word split with a hyphen at a line end is one word again."""
    out = Para(para.kind, para.level)
    for text, page in para.pieces:
        if out.pieces:
            last, last_page = out.pieces[-1]
            if last.endswith("\u00ad"):  # a soft hyphen: always a line-end break
                out.pieces[-1] = (last[:-1], last_page)
                out.pieces.append((text, page))
                continue
            head, tail = _WORD_END.search(last), _WORD_START.match(text)
            if head and tail:
                if _joins(head.group(1), tail.group(1), vocabulary):
                    out.pieces[-1] = (last[:-1], last_page)
                # A hyphen at a line end is either a break or a real hyphen; never a gap.
                out.pieces.append((text, page))
                continue
            out.pieces.append((" " + text, page))
        else:
            out.pieces.append((text, page))
    return out


def _joins(head: str, tail: str, vocabulary: set[str]) -> bool:
    """Whether a hyphen at a line end is a break ('imple-' 'mentation') rather than a real one.

    In order: the document's own spelling of either form; then, when both parts are words or
    the head a prefix ('decision-' 'making', 'co-' 'hosting'), how usual the joined form is in
    English; any other split ('imple-' 'mentation', 'Guter-' 'res') is a break.
    """
    capitals = head.isupper() and tail.isupper()  # "DEVEL-" + "OPMENT" in a heading set in capitals
    if not (tail[:1].islower() or capitals) or head[-1:].isdigit() or len(head) < 2:
        return False  # "COVID-" + "19", "Asia-" + "Pacific", "e-" + "health": real hyphens
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    if joined in vocabulary:
        return True
    if hyphenated in vocabulary:
        return False
    if lexicon.is_compound(head, tail):
        return lexicon.joined_is_usual(head, tail)
    return True


def vocabulary(lines: list[Line]) -> set[str]:
    """Every word of the document, lower-cased, hyphenated compounds included: the spelling it uses."""
    words: set[str] = set()
    for line in lines:
        words.update(w.lower().strip(".,;:!?()\"'") for w in line.text.split())
    return words
