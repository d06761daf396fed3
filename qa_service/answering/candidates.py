"""Candidate sentences: the sentences of the top retrieved passages, with exact document offsets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import title_block
from qa_service.answering.answer_types import AnswerType, has_type, names_agent
from qa_service.answering.content_free import is_content_free
from qa_service.answering.questionnaire import is_prompt
from qa_service.retrieval.search import Hit

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
MIN_WORDS = 4  # "Submission by", "Twenty-fifth session", headings: not answers


@dataclass
class Candidate:
    document: DocumentRow
    chunk: ChunkRow
    rank: int  # of the passage in the search result, 0 = best
    start: int  # offsets into document.text
    end: int
    passage_score: float = 0.0  # the passage's fused retrieval score, relative to the best passage's (0..1)

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


def usable(sentence: str) -> bool:
    """Whether a sentence can be an answer on its own: enough words to say something, not a prompt
    of the CSTD questionnaire that the submission repeats, and not a formula without content."""
    return len(_WORD.findall(sentence)) >= MIN_WORDS and not is_prompt(sentence) and not is_content_free(sentence)


def is_heading(sentence: str, chunk: ChunkRow) -> bool:
    """Whether the sentence is one of its passage's section headings: a title names a topic, not an answer."""
    words = " ".join(sentence.split()).strip(" .:*#").casefold()
    labels = [" ".join(h.split()).strip(" .:*#").casefold() for h in chunk.section_path if h]
    # A label is a heading's short form ("Part One" for "Part One: Media literacy"): its heading too.
    return any(words == label or words.startswith(label + ":") for label in labels)


def collect(hits: Sequence[Hit], passages: int, start_rank: int = 0) -> list[Candidate]:
    """Sentences of the first ``passages`` hits, each once (overlapping chunks share sentences)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    top = max((h.fused for h in hits[:passages]), default=0.0)
    for rank, hit in enumerate(hits[:passages], start=start_rank):
        text = hit.document.text
        relative = hit.fused / top if top > 0 else 0.0
        # A title-block line says nothing alone ("Geneva, 28 March to 1 April 2022" is no plan for 2022).
        lines = title_block.block_lines(text, hit.chunk.sentences)
        for s, e in hit.chunk.sentences:
            key = (hit.document.doc_id, s, e)
            if key in seen or (s, e) in lines or not usable(text[s:e]) or is_heading(text[s:e], hit.chunk):
                continue
            seen.add(key)
            out.append(Candidate(hit.document, hit.chunk, rank, s, e, relative))
    return out


def title_blocks(hits: Sequence[Hit], passages: int, answer_type: AnswerType | None) -> list[Candidate]:
    """The title blocks (``title_block.py``) of the first ``passages`` hits that hold an answer of
    ``answer_type`` (for "who", an author or partner named), each one candidate: none when the question
    asks for no date, place or agent."""
    if answer_type is None or answer_type not in title_block.ANSWERED_BY_BLOCKS:
        return []
    top = max((h.fused for h in hits[:passages]), default=0.0)
    out: list[Candidate] = []
    for rank, hit in enumerate(hits[:passages]):
        text = hit.document.text
        relative = hit.fused / top if top > 0 else 0.0
        for start, end in title_block.blocks(text, hit.chunk.sentences):
            block = text[start:end]
            if names_agent(block) if answer_type is AnswerType.AGENT else has_type(answer_type, block):
                out.append(Candidate(hit.document, hit.chunk, rank, start, end, relative))
    return out
