"""JSON access log lines on stderr: one object per request, never a header or a key."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

ACCESS_LOGGER = "qa_service.access"
# The fields of an access record, in the order they are written.
FIELDS = ("request_id", "method", "route", "path", "status", "latency_ms", "key", "client")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name in FIELDS:
            if hasattr(record, name):
                body[name] = getattr(record, name)
        return json.dumps(body, ensure_ascii=False)


def access_logger() -> logging.Logger:
    """The access logger with its JSON handler attached once; it does not propagate to root."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(getattr(h, "_qa_access", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._qa_access = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # uvicorn's root config would print it a second time, unstructured
    return logger


def log_access(logger: logging.Logger, record: dict[str, object]) -> None:
    logger.info("request", extra=record)
