"""A document of given paragraphs as one chunk, candidates of its sentences and the answer composed from one:
the fixture of the tests that check which neighbouring sentences an answer quotes (antecedents, announced
reasons, reasons given after)."""

from __future__ import annotations

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import compose
from qa_service.answering.candidates import Candidate
from qa_service.answering.model import Citation
from qa_service.answering.relations import WordVectors
from qa_service.answering.scoring import Scored


def document_of(*paragraphs: list[str]) -> tuple[DocumentRow, ChunkRow]:
    """The paragraphs (each a list of sentences) joined by blank lines, in one chunk whose sentence spans are theirs."""
    text = "\n\n".join(" ".join(sentences) for sentences in paragraphs)
    spans = []
    for sentences in paragraphs:
        for sentence in sentences:
            start = text.index(sentence)
            spans.append((start, start + len(sentence)))
    document = DocumentRow("d", "d.txt", "0" * 64, "text", text, {})
    return document, ChunkRow("d:0000", "d", 0, [], "", 0, len(text), None, 80, spans, [], text)


def candidate_of(document: DocumentRow, chunk: ChunkRow, sentence: str) -> Candidate:
    """``sentence`` of ``document`` as a candidate of the first-ranked passage."""
    start = document.text.index(sentence)
    return Candidate(document, chunk, 0, start, start + len(sentence))


def composed(
    question: str, paragraphs: list[list[str]], best: str, lexical: float, words: WordVectors | None = None
) -> tuple[list[str], list[Citation]]:
    """The rendered answer (sentences, citations) when ``best`` of a document of ``paragraphs`` is the best
    sentence (with overlap ``lexical``; ``words``: word vectors); every citation's offsets are checked to quote
    the document exactly."""
    document, chunk = document_of(*paragraphs)
    scored = Scored(candidate_of(document, chunk, best), 0.6, lexical, 0.6, None)
    sentences, citations = compose.render(compose.expand([scored], question, lambda doc_id: [chunk], words=words))
    assert all(document.text[c.char_start : c.char_end] == c.quote for c in citations)
    return sentences, citations
