"""Server-sent event framing for answer streams: the /v1/chat events and OpenAI chunks."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable

from qa_service.answering.events import Delta, Event, Final
from qa_service.answering.model import Answer
from qa_service.errors import QAError

log = logging.getLogger("qa_service.chat")
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy buffering of the stream
INTERNAL = {"error": {"code": "internal_error", "message": "internal error"}}


def frame(data: object, event: str | None = None) -> str:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def chat_events(events: AsyncIterator[Event]) -> AsyncIterator[str]:
    """delta..., citations, done; or error. Closing this stream closes ``events`` (and stops its work)."""
    try:
        async for event in events:
            if isinstance(event, Delta):
                yield frame({"text": event.text}, "delta")
            elif isinstance(event, Final):
                yield frame({"citations": [c.to_dict() for c in event.answer.citations]}, "citations")
                yield frame(event.answer.to_dict(), "done")
    except QAError as exc:
        yield frame(exc.body(), "error")
    except Exception:
        log.exception("chat stream failed")
        yield frame(INTERNAL, "error")
    finally:
        await events.aclose()  # type: ignore[attr-defined]


async def openai_chunks(
    events: AsyncIterator[Event],
    chunk: Callable[[dict[str, object], str | None], dict[str, object]],
    closing: Callable[[Answer], tuple[str, dict[str, object]]],
) -> AsyncIterator[str]:
    """OpenAI chat.completion.chunk frames ending with ``data: [DONE]``.

    ``chunk(delta, finish_reason)`` builds a chunk; ``closing(answer)`` gives the trailing
    content (the sources list) and the extra fields of the last chunk (citations).
    """
    try:
        yield frame(chunk({"role": "assistant", "content": ""}, None))
        async for event in events:
            if isinstance(event, Delta):
                yield frame(chunk({"content": event.text}, None))
            elif isinstance(event, Final):
                tail, extra = closing(event.answer)
                if tail:
                    yield frame(chunk({"content": tail}, None))
                yield frame({**chunk({}, "stop"), **extra})
    except QAError as exc:
        yield frame(exc.body())
    except Exception:
        log.exception("chat completion stream failed")
        yield frame(INTERNAL)
    finally:
        await events.aclose()  # type: ignore[attr-defined]
    yield "data: [DONE]\n\n"
