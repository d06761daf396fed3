"""A chat turn from request to events: resolve and retrieve, compose (or generate), stream, stop on disconnect.

The CPU stages run on worker threads; a ``threading.Event`` is set when the consumer of the
event stream goes away (the client disconnected and the stream task was cancelled), and the
worker checks it between stages and between sentence-encoding batches, so abandoned
questions stop using the CPU. An LLM call is awaited on the event loop, so cancellation closes
its HTTP connection at once.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import anyio.to_thread

from qa_service.answering.answerer import Answerer
from qa_service.answering.events import Event, Final, sentence_deltas
from qa_service.answering.llm.generate import Generator
from qa_service.answering.model import Answer
from qa_service.answering.vectors import Cancelled, SentenceVectors
from qa_service.engine import Engine
from qa_service.errors import IndexNotReady
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.search import ServingIndex
from qa_service.settings import Settings

T = TypeVar("T")


@dataclass
class ChatStats:
    """Counters of chat turns, read by tests and by whoever exports metrics."""

    started: int = 0
    completed: int = 0
    cancelled: int = 0  # the client went away before the answer was complete
    failed: int = 0
    llm_fallbacks: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


class ChatPipeline:
    def __init__(self, answerer: Answerer, generator: Generator | None = None) -> None:
        self.answerer = answerer
        self.generator = generator
        self.stats = ChatStats()

    def warm(self) -> None:
        """Warm the served snapshot (its corpus centre now, its sentences in the background), and every snapshot
        swapped in later before it is served."""
        self.answerer.engine.prepare_with(self.answerer.warm)
        with contextlib.suppress(IndexNotReady):  # no index yet: the first snapshot loaded is warmed as it loads
            self.answerer.warm()

    def close(self) -> None:
        """On shutdown: stop warming new snapshots and background encoding, so no thread is left inside the model."""
        self.answerer.engine.forget(self.answerer.warm)
        self.answerer.vectors.stop_warming()

    async def events(
        self, user_turns: Sequence[str], filters: Filters, use_llm: bool = True, index: ServingIndex | None = None
    ) -> AsyncIterator[Event]:
        """Deltas then one Final; raises QAError subclasses for bad input (before any event)."""
        stop = threading.Event()
        outcome = "cancelled"  # unless we get to the end or an error: GeneratorExit/CancelledError skip both
        self.stats.add("started")
        try:
            index = index or self.answerer.engine.index  # one snapshot for the whole turn
            retrieved = await in_thread(self.answerer.retrieve, list(user_turns), filters, index)
            extractive = await in_thread(self.answerer.compose, retrieved, stop.is_set)
            # Typed answers (listing, evolution, ...) are groups of quotes: generation would lose their structure.
            generate = not extractive.abstained and extractive.question_type == "factoid"
            if self.generator is not None and use_llm and generate:
                async for event in self.generator.stream(retrieved, extractive):
                    if isinstance(event, Final) and event.answer.mode != "llm":
                        self.stats.add("llm_fallbacks")
                    yield event
            else:
                for delta in sentence_deltas(extractive.sentences):
                    yield delta
                yield Final(extractive)
            outcome = "completed"
        except Cancelled:
            return
        except Exception:
            outcome = "failed"
            raise
        finally:
            if outcome == "cancelled":
                stop.set()  # the worker thread, if still running, stops at its next check
            self.stats.add(outcome)

    async def answer(
        self, user_turns: Sequence[str], filters: Filters, use_llm: bool = True, index: ServingIndex | None = None
    ) -> Answer:
        final: Answer | None = None
        async for event in self.events(user_turns, filters, use_llm, index):
            if isinstance(event, Final):
                final = event.answer
        assert final is not None  # events() always ends with a Final unless it raised
        return final


async def in_thread(func: Callable[..., T], *args: object) -> T:
    """Run ``func`` on a worker thread; a cancelled caller stops waiting at once (the thread is told via
    the stop event and ends at its next check) instead of waiting for the thread as run_in_threadpool does."""
    return await anyio.to_thread.run_sync(functools.partial(func, *args), abandon_on_cancel=True)


def build_pipeline(engine: Engine, settings: Settings, vectors: SentenceVectors | None = None) -> ChatPipeline:
    """The chat pipeline of a service: extractive always, LLM generation when QA_LLM_BASE_URL is set.

    ``vectors`` lets several apps over one embedder share the sentence-vector cache (tests do).
    """
    answerer = Answerer(engine, settings, vectors)
    generator = Generator(settings, answerer.vectors) if settings.llm_base_url and settings.llm_model else None
    return ChatPipeline(answerer, generator)
