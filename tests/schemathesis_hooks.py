"""Schemathesis hooks (loaded by schemathesis.toml, for the CLI and for tests/test_schemathesis.py).

/openapi.json declares every rule JSON Schema can state (lengths, ranges, enums, patterns). A few
rules it cannot: values that must exist in the served index (an entity, a document id), rules
across fields (year or a year range; the last message is the user's), sums across items (the
conversation's length) and what an uploaded file holds. schemathesis.toml lets a schema-valid
request be refused with 415/422 on the operations that have such rules; this check narrows that
to the stable error codes of exactly those rules, so any other refusal still fails the run.
"""

from __future__ import annotations

import schemathesis

FILTERS = {"unknown_filter_value"}  # entity or doc_id not in the index; year with a range; min > max
CONVERSATION = {"invalid_messages", "empty_query", "query_too_long", "conversation_too_long"}
INEXPRESSIBLE: dict[tuple[str, str], set[str]] = {
    ("GET", "/v1/search"): FILTERS,
    ("POST", "/v1/search"): FILTERS,
    ("POST", "/v1/chat"): FILTERS | CONVERSATION,
    ("POST", "/v1/chat/completions"): FILTERS | CONVERSATION,
    ("POST", "/v1/admin/documents"): {"empty_file", "unsupported_media_type", "invalid_metadata"},
    ("GET", "/v1/digest"): FILTERS,  # an entity the index does not hold
}


@schemathesis.check
def refused_only_for_inexpressible_rules(ctx, response, case):  # type: ignore[no-untyped-def]
    """A schema-valid request refused with 415/422 must name a rule the schema cannot state."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code not in (415, 422):
        return None
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    allowed = INEXPRESSIBLE.get((case.method.upper(), case.operation.path), set())
    if code not in allowed:
        raise AssertionError(
            f"schema-valid request refused with {response.status_code} {code!r}; "
            f"declare the rule in /openapi.json (this operation may only refuse with {sorted(allowed) or 'none'})"
        )
    return None
