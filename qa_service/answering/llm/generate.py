"""LLM answers: prompt the configured server, stream its sentences, keep only the supported ones.

The extractive answer is computed first and decides abstention (the calibrated threshold),
so the model is only asked when the corpus has evidence; it is also the fallback when the
model fails, times out, finds nothing or says nothing the passages support. Fallbacks say
so in ``notice``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace

import anyio
from fastapi.concurrency import run_in_threadpool

from qa_service.answering.answerer import Retrieved
from qa_service.answering.compose import cite, tidy
from qa_service.answering.events import Delta, Event, Final, sentence_deltas
from qa_service.answering.llm import prompt, support
from qa_service.answering.llm.client import LLMError, stream_chat
from qa_service.answering.model import Answer, Citation
from qa_service.answering.vectors import SentenceVectors
from qa_service.settings import Settings

log = logging.getLogger("qa_service.llm")


class Generator:
    def __init__(self, settings: Settings, vectors: SentenceVectors) -> None:
        if not settings.llm_base_url or not settings.llm_model:
            raise ValueError("QA_LLM_BASE_URL and QA_LLM_MODEL are both needed for LLM answers")
        self.settings = settings
        self.vectors = vectors

    async def stream(self, retrieved: Retrieved, extractive: Answer) -> AsyncIterator[Event]:
        """Deltas of supported generated sentences, then the final answer (or the extractive fallback)."""
        settings = self.settings
        hits = retrieved.result.hits[: settings.llm_passages]
        passages = [prompt.Passage(i + 1, h.document, h.chunk) for i, h in enumerate(hits)]
        messages, used = prompt.build(retrieved.resolution.question, passages, settings.llm_prompt_tokens)
        by_number = {p.number: p for p in used}
        sentences: list[str] = []
        citations: list[Citation] = []
        dropped: list[str] = []
        raw: list[str] = []
        failure: str | None = None
        upstream = stream_chat(
            settings.llm_base_url or "",
            settings.llm_model or "",
            messages,
            api_key=settings.llm_api_key,
            max_tokens=settings.llm_max_tokens,
            connect_timeout=settings.llm_connect_timeout_s,
            read_timeout=settings.llm_timeout_s,
        )
        # A deadline per read rather than one cancel scope around the loop: this generator yields.
        deadline = time.monotonic() + settings.llm_timeout_s
        buffer = ""
        try:
            while True:
                try:
                    # The scope holds no yield: it times out the read, in this task, and the upstream
                    # generator ends with it (its HTTP connection closed).
                    with anyio.move_on_after(max(0.0, deadline - time.monotonic())) as scope:
                        piece = await anext(upstream)
                    if scope.cancelled_caught:
                        raise TimeoutError
                    final = False
                except StopAsyncIteration:
                    piece, final = "", True
                raw.append(piece)
                complete, buffer = support.split_complete(buffer + piece, final=final)
                for sentence in complete:
                    rendered = await run_in_threadpool(self._accept, sentence, by_number, citations, dropped)
                    if rendered:
                        yield Delta(rendered if not sentences else " " + rendered)
                        sentences.append(rendered)
                if final:
                    break
        except TimeoutError:
            failure = f"did not finish within {settings.llm_timeout_s:g} s"
        except LLMError as exc:
            failure = f"failed ({exc})"
        finally:
            with anyio.CancelScope(shield=True):  # also when this stream itself is being cancelled
                await upstream.aclose()  # closes the HTTP connection: the server stops generating
        if failure:
            log.warning("LLM generation %s", failure)
        if not sentences:
            if failure:
                why = f"The language model {failure}"
            elif prompt.NOT_IN_CORPUS in "".join(raw):
                why = "The language model found no answer in the passages"
            else:
                why = "The language model's answer was not supported by the passages it cited"
            for delta in sentence_deltas(extractive.sentences):
                yield delta
            notice = f"{why}; this is the extractive answer."
            yield Final(
                replace(
                    extractive, notice=_join(extractive.notice, notice), mode="extractive", took_ms=_elapsed(retrieved)
                )
            )
            return
        notes = []
        if dropped:
            notes.append(f"{len(dropped)} generated sentence(s) left out: not supported by the passages they cite.")
        if failure:
            notes.append(f"The language model {failure}; the answer may be incomplete.")
        answer = replace(
            extractive,
            sentences=sentences,
            citations=citations,
            mode="llm",
            notice=_join(extractive.notice, " ".join(notes)) if notes else extractive.notice,
            took_ms=_elapsed(retrieved),
            details={"dropped": dropped},
        )
        yield Final(answer)

    def _accept(
        self, sentence: str, by_number: dict[int, prompt.Passage], citations: list[Citation], dropped: list[str]
    ) -> str | None:
        """The sentence rendered with our citation number, or None (recorded in ``dropped``)."""
        numbers = [n for n in support.cited(sentence) if n in by_number]
        text = support.strip_markers(sentence)
        if not text or text == prompt.NOT_IN_CORPUS:
            return None
        result = support.check(sentence, [by_number[n] for n in numbers], self.vectors)
        if not result.supported or result.quote is None:
            dropped.append(text)
            return None
        quote = result.quote
        for existing in citations:
            if existing.document.doc_id == quote.document.doc_id and existing.char_start == quote.start:
                return f"{tidy(text)} [{existing.number}]"
        citation = cite(quote, len(citations) + 1)
        citations.append(citation)
        return f"{tidy(text)} [{citation.number}]"


def _join(first: str | None, second: str) -> str:
    return f"{first} {second}" if first else second


def _elapsed(retrieved: Retrieved) -> float:
    return (time.perf_counter() - retrieved.started) * 1000
