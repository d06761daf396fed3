"""The service's error type: one JSON shape, stable codes, the right status."""

from __future__ import annotations


class QAError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        self.details = details or {}

    def body(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class EmptyQuery(QAError):
    status_code, code = 422, "empty_query"


class QueryTooLong(QAError):
    status_code, code = 422, "query_too_long"


class KOutOfRange(QAError):
    status_code, code = 422, "k_out_of_range"


class UnknownDocument(QAError):
    status_code, code = 404, "unknown_document"


class UnknownFilterValue(QAError):
    status_code, code = 422, "unknown_filter_value"


class IndexNotReady(QAError):
    status_code, code = 503, "index_not_ready"
