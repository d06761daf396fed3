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
# At least one character that str.strip() keeps. Spelled out, not "\S": JSON Schema patterns are ECMA regexes,
# whose \s lacks the separators U+001C-U+001F and U+0085 that str.strip() removes (schemathesis sent "\x1f"
# as a valid query, which the handler refused as empty) and holds U+FEFF, which str.strip() keeps.
_STRIPPED = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{_STRIPPED}]"


def from_setting(**keywords: str) -> dict[str, Any]:
    """JSON Schema keywords whose values are settings, e.g. ``from_setting(maxLength="max_query_chars")``."""
    return {SETTING_KEY: keywords}
