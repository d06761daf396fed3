"""English word frequencies for telling a line-end hyphen from a real one (wordfreq's large list).

wordfreq (MIT code, CC BY-SA data, bundled in the package: no download) gives a Zipf
frequency for some 320,000 English words: 7 for 'the', 3 for a word seen once per million
words, 0 for one never seen. A joined word that is seen at all ('interdependent',
'aeroplanes') was cut by hyphenation; two words whose joined form is rare ('decision' +
'making': 'decisionmaking' 2.1) are a compound that keeps its hyphen.
"""

from __future__ import annotations

from functools import lru_cache

WORD = 3.0  # Zipf at or above which a part stands as a word of its own ('era', 'sure', 'inter')
# A compound's joined form at or above this is the usual spelling ('peacemaking' 2.3,
# 'underlines' 2.8); below it, the hyphenated one ('decisionmaking' 2.1, 'crossborder' 1.5).
# Chosen on common compounds of UN texts, not on the benchmark's documents.
JOINED_COMPOUND = 2.2
# Prefixes that UN style mostly keeps hyphenated ('non-governmental', 'socio-economic'): their
# joined forms must be common to win ('cooperation' 4.3, 'nonproliferation' 2.5 is not).
PREFIXES = frozenset(("co", "non", "multi", "anti", "semi", "mid", "intra", "socio", "post", "pre", "re", "self"))
JOINED_PREFIXED = 3.0
# Endings frequent enough as tokens to pass for words ('ism' 3.1, 'ness' 3.6): never a
# compound's second part, so 'multilateral-' 'ism' is a break.
SUFFIXES = frozenset(
    (
        "ism",
        "isms",
        "ist",
        "ists",
        "ment",
        "ments",
        "ness",
        "ing",
        "ings",
        "ity",
        "ities",
        "tion",
        "tions",
        "sion",
        "ous",
        "ful",
        "ence",
        "ance",
        "ly",
        "ally",
        "est",
        "ers",
    )
)


@lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    """The word's Zipf frequency in English (0 when unknown)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en", wordlist="large"))


def is_word(word: str) -> bool:
    """A part that is a word of its own ('peace', 'building'), not a fragment ('imple', 'mentation')."""
    return len(word) >= 2 and word.lower() not in SUFFIXES and zipf(word) >= WORD


def joined_is_usual(head: str, tail: str) -> bool:
    """Whether head + tail, each a word or a prefix, is usually written as one word."""
    joined = zipf(head + tail)
    return joined >= (JOINED_PREFIXED if head.lower() in PREFIXES else JOINED_COMPOUND)
