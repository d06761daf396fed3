"""Title-block lines answer "where", "when" and "who" when read together, never alone.

A submission's cover page is a run of short lines, each its own paragraph and none a sentence:

    COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT (CSTD)
    Twenty-fifth session
    Geneva, 28 March to 1 April 2022

No line says on its own what it is about ("Twenty-fifth session" is too short to be an answer, the
dateline names no session), so "Where and when did the CSTD's twenty-fifth session take place?"
matched no sentence. Read as one block the lines do answer it, and the block is cited as one exact
span. A block only competes when the question asks for a kind of answer (a date, a place, an
organisation or person) and the block holds one: "What are UNDP's plans for 2022?" asks for no
type, so the dateline's year is no evidence for it.

    >>> text = "CSTD\\n\\nTwenty-fifth session\\n\\nGeneva, 28 March to 1 April 2022\\n\\nIn 2021, UNDP grew."
    >>> [text[s:e] for s, e in blocks(text, [(0, 4), (6, 26), (28, 60), (62, 81)])]
    ['CSTD\\n\\nTwenty-fifth session\\n\\nGeneva, 28 March to 1 April 2022']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_service.answering.answer_types import AnswerType

MAX_LINE_WORDS = 12  # a longer line is prose (a title sentence), not a title-block line
# A cover page's numbers are dates and sessions, not quantities; a question asking for no type gets no block.
ANSWERED_BY_BLOCKS = (AnswerType.YEAR, AnswerType.DAY, AnswerType.DATE, AnswerType.PLACE, AnswerType.AGENT)
_SENTENCE_END = re.compile(r"[.!?;][\"'\u201d\u2019)]*\s*$")
_LINE_BREAK = re.compile(r"^\s*\n\s*$")


def _is_line(text: str) -> bool:
    return len(text.split()) <= MAX_LINE_WORDS and not _SENTENCE_END.search(text)


def blocks(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of two or more consecutive short lines (each on a line of its own, none ending like a
    sentence) among ``sentences``, as (start, end) offsets into ``text``."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for start, end in sorted(sentences):
        joined = bool(run) and _LINE_BREAK.match(text[run[-1][1] : start]) is not None
        if _is_line(text[start:end]) and (not run or joined):
            run.append((start, end))
            continue
        if len(run) >= 2:
            out.append((run[0][0], run[-1][1]))
        run = [(start, end)] if _is_line(text[start:end]) else []
    if len(run) >= 2:
        out.append((run[0][0], run[-1][1]))
    return out


def block_lines(text: str, sentences: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The sentences that are lines of a title block: answers only as part of their block."""
    spans = sorted(sentences)
    return {(s, e) for start, end in blocks(text, spans) for s, e in spans if start <= s and e <= end}
