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

    def headers(self) -> dict[str, str]:
        """HTTP headers the response must carry (Retry-After, WWW-Authenticate)."""
        return {}

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


class Unauthorized(QAError):
    status_code, code = 401, "unauthorized"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(QAError):
    status_code, code = 403, "forbidden"


class RateLimited(QAError):
    status_code, code = 429, "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class DocumentExists(QAError):
    status_code, code = 409, "document_exists"


class UnsupportedMediaType(QAError):
    status_code, code = 415, "unsupported_media_type"


class InvalidMetadata(QAError):
    status_code, code = 422, "invalid_metadata"


class UploadTooLarge(QAError):
    status_code, code = 413, "body_too_large"


class UnknownJob(QAError):
    status_code, code = 404, "unknown_job"
