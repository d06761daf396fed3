"""English words for telling a line-end hyphen from a real one: the whole words of the bundled model's vocabulary.

The MiniLM WordPiece vocabulary (a dependency already) holds some 21,000 lower-case whole
words, the common ones of English and of UN texts ('cooperation', 'unesco', 'haitian').
That is enough to ask whether 'co' + 'operation' is one word and 'decision' + 'making' two.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    try:
        from indexer.embedder import bundled_model_path

        vocab = Path(bundled_model_path()) / "vocab.txt"
        lines = vocab.read_text(encoding="utf-8").splitlines()
    except (ImportError, OSError):
        return frozenset()  # without it, only the document's own spelling decides
    return frozenset(w for w in lines if w.isalpha() and w.islower())


_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ness", "ly", "ment", "ments", "ity", "al")


def is_word(word: str) -> bool:
    """A known word, or one with a common ending ('poorest', 'openness', 'mainstreaming')."""
    known = words()
    if word in known:
        return True
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and (stem in known or stem + "e" in known):
            return True
    return False
