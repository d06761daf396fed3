"""Scores of a loaded document against the text it was made from (pure functions)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from indexer.document import ParsedDocument, page_at

_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def similarity(truth: str, got: str) -> float:
    """Word-sequence similarity, 0..1 (difflib ratio over word lists, no junk heuristic)."""
    a, b = words(truth), words(got)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def body_text(doc: ParsedDocument) -> str:
    """The text without footnote blocks (the truth has them apart)."""
    return "\n\n".join(doc.text[b.start : b.end] for b in doc.blocks if b.kind != "footnote")


def leaked(doc: ParsedDocument, furniture: list[str], truth: str = "") -> int:
    """How many furniture strings (headers, footers, page numbers) are in the text beyond what the
    truth itself says ('General Assembly' is in many speeches and in every running header)."""
    text = f" {' '.join(doc.text.split())} "
    said = f" {' '.join(truth.split())} "
    return sum(max(0, text.count(f" {f} ") - said.count(f" {f} ")) for f in furniture)


def hyphen_leftovers(doc: ParsedDocument, hyphenated: list[str]) -> int:
    """Words split at a line end that are not whole again (a '-' left, or a space)."""
    text = doc.text.lower()
    missing = 0
    for word in set(hyphenated):
        w = word.lower()
        if re.search(rf"\b{re.escape(w[:3])}\w*-\s?\w*{re.escape(w[-2:])}\b", text) and w not in text:
            missing += 1
    return missing


def heading_recall(doc: ParsedDocument, headings: list[str]) -> float:
    if not headings:
        return 1.0
    found = {" ".join(doc.text[b.start : b.end].split()).lower() for b in doc.blocks if b.kind == "heading"}
    return sum(" ".join(h.split()).lower() in found for h in headings) / len(headings)


def table_rows_right(doc: ParsedDocument, rows: list[str]) -> int:
    """How many of the written table rows are table blocks of exactly their cells ('Africa | 12')."""
    found = {doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table"}
    return sum(row in found for row in rows)


def pages_right(doc: ParsedDocument, paragraphs: list[str], pages: list[int]) -> tuple[int, int]:
    """(right, checked): paragraphs whose first words are found, and whose offset is on the true page."""
    right = checked = 0
    cursor = 0
    for paragraph, page in zip(paragraphs, pages, strict=True):
        probe = " ".join(paragraph.split()[:8])
        at = doc.text.find(probe, cursor)
        if at < 0 or len(probe) < 20:
            continue
        checked += 1
        right += page_at(doc.page_starts, at) == page
        cursor = at
    return right, checked


_TOKEN = re.compile(r"[\w'\u2019-]+")


def hyphen_artifacts(truth: str, got: str) -> tuple[int, int]:
    """(leftovers, wrong joins) against the truth, whoever hyphenated the file.

    Leftovers: a word still cut by a line-end hyphen ('unprece-dented', 'unprece- dented').
    Wrong joins: a real compound whose hyphen was taken for a line break ('cohosting').
    """
    truth, got = truth.replace("\u2019", "'"), got.replace("\u2019", "'")
    truth_tokens = {t.strip("-") for t in _TOKEN.findall(truth.lower())}
    truth_plain = {t.replace("-", "") for t in truth_tokens}
    hyphen_plain = {t.replace("-", ""): t for t in truth_tokens if "-" in t}
    leftovers = wrong = 0
    for token in (t.strip("-") for t in _TOKEN.findall(got.lower())):
        if token in truth_tokens:
            continue
        if "-" in token and token.replace("-", "") in truth_plain:
            leftovers += 1
        elif token in hyphen_plain:
            wrong += 1
    spaced = len(re.findall(r"[a-z]- [a-z]", got)) - len(re.findall(r"[a-z]- [a-z]", truth))
    return leftovers + max(0, spaced), wrong


def citation_pages(doc: ParsedDocument, page_texts: list[str]) -> tuple[int, int]:
    """(right, checked) over the document's sentences: the page a citation of each would carry
    (the page of its first character) against the one page whose text layer holds its first words."""
    from indexer.sentences import split_sentences

    # Words broken at a line end are joined again in the page texts too (PDFium marks them \x02).
    joined = [re.sub(r"[-\x02\u00ad]\r?\n", "", t) for t in page_texts]
    padded = [f" {' '.join(words(t))} " for t in joined]
    right = checked = 0
    for block in doc.blocks:
        for start, end in split_sentences(doc.text, block.start, block.end):
            first = words(doc.text[start:end])[:8]
            if len(first) < 8:
                continue
            probe = f" {' '.join(first)} "
            pages = [n for n, text in enumerate(padded, start=1) if probe in text]
            if len(pages) != 1:
                continue  # cut by a page break or a hyphen in the text layer, or said twice: no truth
            checked += 1
            right += page_at(doc.page_starts, start) == pages[0]
    return right, checked
