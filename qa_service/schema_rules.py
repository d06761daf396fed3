"""Rules a handler enforces itself, declared in the request models for /openapi.json.

A handler checks these to answer with its own stable error code (``empty_query``,
``k_out_of_range``, ``unknown_filter_value``...) rather than pydantic's ``invalid_request``, so
they are ``json_schema_extra``, not pydantic constraints. Limits that are settings
(``QA_MAX_QUERY_CHARS``, ``QA_MAX_K``...) are named with ``from_setting`` and filled in per app by
``qa_service.openapi_doc``.
"""

from __future__ import annotations

from typing import Any

SETTING_KEY = "x-qa-setting"
NOT_BLANK = r"\S"  # at least one character that is not whitespace, as str.strip() sees it


def from_setting(**keywords: str) -> dict[str, Any]:
    """JSON Schema keywords whose values are settings, e.g. ``from_setting(maxLength="max_query_chars")``."""
    return {SETTING_KEY: keywords}
