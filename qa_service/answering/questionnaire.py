"""The CSTD questionnaire's own prompts, which every submission repeats: never an answer.

Each year the CSTD secretariat asks UN entities the same questions, and submissions quote them
as section headings and lead-ins ("(a) Innovative policies, programmes and projects which have
been undertaken by all stakeholders to implement the outcomes."). Such a sentence matches many
questions' words ("programmes", "obstacles", "stakeholders") while saying nothing about what the
entity did, so the answerer does not offer it as an answer; it stays searchable.
"""

from __future__ import annotations

import re

PROMPTS = (
    "Summary of activities undertaken by stakeholders, progress made, and any obstacles encountered.",
    "A brief analytical overview of trends and experiences in implementation at the national, regional and"
    " international levels and by all stakeholders, highlighting achievements and obstacles.",
    "A brief description of:",
    "Innovative policies, programmes and projects which have been undertaken by all stakeholders to implement"
    " the outcomes.",
    "Where specific targets or strategies have been set, progress in achieving those targets and strategies"
    " should be reported.",
    "Future actions or initiatives to be taken, regionally and/or internationally, and by all stakeholders, to"
    " improve the facilitation and ensure full implementation in each of the action lines and themes,"
    " especially with regard to overcoming those obstacles identified in Part Two above.",
    "You are encouraged to indicate any new commitments made to further implement the outcomes.",
)

# "Part One:", "(a)", "b)" in front of a prompt; case, punctuation and spacing do not matter.
_LEAD = re.compile(r"^\s*(?:part\s+\w+\s*:\s*)?(?:\(?[a-z]\)\s*)?", re.IGNORECASE)


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", _LEAD.sub("", text).lower()))


_PROMPT_WORDS = frozenset(_words(p) for p in PROMPTS)


def is_prompt(sentence: str) -> bool:
    """Whether ``sentence`` is one of the questionnaire's prompts (with or without its "(a)")."""
    return _words(sentence) in _PROMPT_WORDS
