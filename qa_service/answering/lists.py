"""A sentence that introduces a list is answered with the list's items, not with the lead-in.

"In 2021, new initiatives ... include (not an exhaustive list):" says only that a list follows;
what answers "Which initiatives ...?" are the items after it. The loaders drop bullet marks, so
the items are found in the normalised text as the paragraphs that follow the lead-in:

    >>> text = "We launched:\\n\\nA health system (e-health)\\n\\nA readiness tool (policy)\\n\\nWe learned."
    >>> [text[s:e] for s, e in items_after(text, len("We launched:"))]
    ['A health system (e-health)', 'A readiness tool (policy)']

An item ends like the first one ("(e-health)" with a bracket, a full stop, a semicolon); a
paragraph that ends otherwise is the text after the list and stops it, as does a heading-like
short line. A paragraph that starts in lower case continues the item before it (a page break).

A sentence may announce a number of things instead ("Norway will focus on four thematic areas in
particular."), each then taken up by a sentence opening with its ordinal ("First, ...", "Second, ...",
sentences of their own between them); those sentences are its items (``counted_items``), found only
when the first opens the next sentence and every announced ordinal follows, in order, so that a count in
passing ("four meetings", "over two years") lists nothing.

A question may ask for the items of one kind (``of_kind``): those tagged with what it names ("Which
initiatives fall under the capacity building action line?": the items ending "(capacity building)"), or
those holding the kind of answer it asks ("Which partner organisations ...?": the items naming one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.keyword import analyze
from qa_service.answering.answer_types import AnswerType, expected_type, has_type, names_partner

MAX_ITEMS = 10
MAX_ITEM_CHARS = 600  # a longer paragraph is prose, not a list item
_LEAD_IN_END = re.compile(r":[\s\"'\u201d\u2019)]*$")
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.DOTALL)
_MIN_ITEM_WORDS = 3
_TAG = re.compile(r"\(([^()]{2,80})\)[\s.;,]*$")  # an item's closing bracket: "(capacity building)"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# "four thematic areas", "three key priorities", "5 points": a count, up to three words, then a plural noun;
# not a span of time or a measure ("over two years", "three times", "five per cent", "5 million dollars").
_MEASURES = (
    r"(?:years|months|weeks|days|hours|decades|centuries|times|per\s+cent|percent|cents|dollars|tons|tonnes|"
    r"millions?|billions?|thousands?|hundreds?)\b"
)
_ANNOUNCED = re.compile(
    r"\b(" + "|".join(_COUNTS) + r"|[2-9]|10)\s+(?!" + _MEASURES + r")(?:[\w'\u2019-]+\s+){0,3}?[a-z]+[^s\W]s\b",
    re.IGNORECASE,
)
# An item: a sentence opening with its ordinal and a comma ("First, ..."; not "Second Committee ..."), ending at
# a full stop before a capital or the end of a line ("the U.N. reform" goes on).
_ITEM = {
    ordinal: re.compile(
        rf"(?:^|(?<=[.!?\n]))\s*({ordinal}(?:ly)?\s*,.*?[.!?])(?=\s+(?-i:[A-Z\"\u201c])|\s*$)",
        re.IGNORECASE | re.MULTILINE,
    )
    for ordinal in _ORDINALS
}
_ITEM_REACH = 1500  # characters from one item to the next: room for a few sentences of its own


def introduces_list(sentence: str) -> bool:
    """Whether a sentence ends with a colon: what follows it (a list) is the content."""
    return bool(_LEAD_IN_END.search(sentence))


def items_after(text: str, end: int) -> list[tuple[int, int]]:
    """Offsets of the list items that follow a lead-in ending at ``end`` in ``text`` (empty: no list)."""
    items: list[tuple[int, int]] = []
    ending: str | None = None
    for start, stop in _paragraphs(text, end):
        paragraph = text[start:stop]
        if len(items) >= MAX_ITEMS or len(paragraph) > MAX_ITEM_CHARS or len(paragraph.split()) < _MIN_ITEM_WORDS:
            break
        kind = _ending(paragraph)
        if ending is None:
            ending = kind
        elif kind != ending:
            break
        items.append((start, stop))
    return items


def counted_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the sentences opening with "First", "Second", ... that take up the things the sentence at
    ``start:end`` announces ("four thematic areas"); empty unless all of them follow, in order."""
    for announced in _ANNOUNCED.finditer(text, start, end):
        word = announced.group(1).lower()
        items = _ordinal_items(text, end, _COUNTS.get(word) or int(word))
        if items:
            return items
    return []


def _ordinal_items(text: str, end: int, count: int) -> list[tuple[int, int]]:
    items: list[tuple[int, int]] = []
    position = end
    for number, ordinal in enumerate(_ORDINALS[:count]):
        found = _ITEM[ordinal].search(text, position, min(len(text), position + _ITEM_REACH))
        # The first item opens the very next sentence: "First," three paragraphs on belongs to another count.
        if found is None or (number == 0 and text[position : found.start(1)].strip()):
            return []
        items.append((found.start(1), found.end(1)))
        position = found.end(1)
    return items


def items_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of the sentence at ``start:end``: a list after its colon, else the things it counts."""
    if introduces_list(text[start:end]):
        return items_after(text, end)
    return counted_items(text, start, end)


def _paragraphs(text: str, end: int, limit: int = MAX_ITEMS + 2) -> list[tuple[int, int]]:
    """Paragraphs after ``end``; one that starts in lower case continues the one before (a page break)."""
    out: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text, end):
        if out and text[match.start()].islower():
            out[-1] = (out[-1][0], match.end())
            continue
        if len(out) > limit:
            break
        out.append((match.start(), match.end()))
    return out


def _ending(paragraph: str) -> str:
    last = paragraph.rstrip()[-1:]
    if last in ".!?":
        return "."
    return last if last in ");," else "word"


def tagged(question: str, items: Sequence[str]) -> list[int]:
    """Indices of the items whose closing tag ``question`` names, when that is some of them but not all."""
    asked = set(analyze(question))
    tags = [_TAG.search(item) for item in items]
    named = [i for i, tag in enumerate(tags) if tag and (stems := set(analyze(tag.group(1)))) and stems <= asked]
    return named if len(named) < len(items) else []


def of_kind(question: str, items: Sequence[str]) -> list[int]:
    """Indices of the items that answer ``question``: the items whose closing tag it names, else the items
    holding the kind of answer it asks for; all of them when no such subset exists (none or all match)."""
    named = tagged(question, items)
    if named:
        return named
    kind = expected_type(question)
    if kind is not None:
        holds = names_partner if kind is AnswerType.AGENT else lambda item: has_type(kind, item)
        typed = [i for i, item in enumerate(items) if holds(item)]
        if 0 < len(typed) < len(items):
            return typed
    return list(range(len(items)))
