"""Sentences with no content of their own: speech formulae, salutations, topic announcements.

"Thank you, Mr. President.", "I thank you." and "Let me start with climate change." share words
with many questions ("climate change") while saying nothing about them; they are never answers.
The rule is general: count the words left after removing stop words and the words of speech
formulae; a sentence with fewer than two such words, or one that only announces a topic ("Let me
now turn to the situation in the Middle East.", "I will first talk about climate change.", "Let me use this
opportunity to explain why."), has no content. What such an announcement announces follows it
(``announces_next``; elaborate.py quotes it for a how/why).

    >>> content_words("Let me start with climate change.")
    ['climate', 'change']
    >>> is_content_free("Let me start with climate change.")
    True
"""

from __future__ import annotations

import re

from indexer.keyword import analyze

MIN_CONTENT_WORDS = 2
ANNOUNCED_TOPIC_MAX = 5  # content words after "let me turn to": more than this says something

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# Words of speech formulae and discourse, beyond the search's stop words: they carry no content.
_FORMULA_WORDS = """
    thank thanks thanking grateful gratitude pleased pleasure honour honor privilege delighted happy glad
    mr mrs ms madam sir sirs excellency excellencies distinguished delegates delegations ladies gentlemen
    colleagues friends dear president chair chairman chairperson chairs co-chairs presidency vice-president
    let allow permit like wish want would should shall will may might must can could
    start begin beginning conclude concluding conclusion end close closing turn move address touch mention say
    speak talk highlight focus comment refer raise reiterate express join note stress underline emphasize
    emphasise welcome congratulate congratulations extend warm warmest sincere sincerely deep deepest
    you your yours me my i we our us myself also now first firstly second secondly finally lastly again once
    today very much many behalf statement remarks word words few brief briefly outset particular particularly
"""
_FORMULA = frozenset(_FORMULA_WORDS.split())
# "Let me (now) start with X", "I would like to turn to X", "Allow me to address X", "I will first talk about X",
# "Let us now talk about X", "Let me use this opportunity to explain why": only a topic follows. "Let us" only
# before talking or turning: "Let us focus on X" and "Let us address X" call for action.
_ANNOUNCE = re.compile(
    r"^\W*(?:(?:let|allow|permit)\s+me|let\s+us(?=\s+(?:now\s+)?(?:talk|speak|turn)\b)|"
    r"i\s+(?:would|should|will|shall|wish|want)(?:\s+(?:now|also|first))?\s+"
    r"(?:like\s+)?(?:to\s+)?|i\s+(?:now|also)?\s*|now,?\s+i\s+|finally,?\s+(?:let\s+me|i)\s+)"
    r"(?:\s*(?:now|also|first|then|briefly|finally),?)*\s*(?:to\s+)?"
    r"(?:(?:use|take|seize)\s+(?:this|the)\s+opportunity\s+to\s+)?"
    r"(?:start|begin|turn|conclude|end|close|address|touch|mention|speak|talk|say\s+a\s+(?:few\s+)?words?|focus|"
    r"comment|move|refer|raise|highlight|explain|share)\b(?:\s+(?:on|upon|to|with|by|about))?\s+(?P<topic>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLAUSE = re.compile(r"\b(?:that|which|because|how|why|where|when|as)\b|[;:]", re.IGNORECASE)
# "explain why", "share how we ...": the announced explanation is what follows, not this sentence.
_ASKED_CLAUSE = re.compile(r"^\s*(?:why|how)\b", re.IGNORECASE)


# "I hereby announce the following steps", "I would like to present some of the concrete measures that ...",
# "Let me use this opportunity to explain why.": the speaker announces what the next sentences say.
_ANNOUNCES_NEXT = re.compile(
    r"\b(?:the\s+following|as\s+follows)\b|\b(?:to|me|us|will|shall|hereby|now)\s+(?:"
    r"(?:explain|share|tell\s+\w+)\s+(?:why|how)\b"
    r"|(?:present|share|outline|set\s+out|provide|give|offer|propose|explain|describe|highlight|mention|list|"
    r"announce)\s+(?:[\w-]+\s+){0,4}?(?:measures|steps|examples|reasons|ways|priorities|points|proposals|ideas|"
    r"elements|actions)\b)",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"\b(?:I|[Mm]e|[Uu]s|[Ww]e)\b")


def announces_next(sentence: str) -> bool:
    """Whether the speaker announces, in ``sentence``, what the sentences after it say (an explanation, steps,
    examples): the sentence after such an announcement is what a "how" or "why" asks."""
    return bool(_SPEAKER.search(sentence) and _ANNOUNCES_NEXT.search(sentence))


def content_words(sentence: str) -> list[str]:
    """Words of ``sentence`` that are neither stop words nor words of speech formulae, as written."""
    return [w for w in _WORD.findall(sentence) if w.lower() not in _FORMULA and analyze(w)]


def is_content_free(sentence: str) -> bool:
    """Whether ``sentence`` says nothing of its own (a formula, a salutation, a bare topic announcement)."""
    if len(content_words(sentence)) < MIN_CONTENT_WORDS:
        return True
    announced = _ANNOUNCE.match(sentence.strip())
    if announced is None:
        return False
    topic = announced.group("topic")
    # "Let me highlight that Norway doubled its aid." states something; "Let me turn to oceans." does not, nor
    # does "Allow me to share why we need this new paradigm." (the reasons follow it).
    topic = _ASKED_CLAUSE.sub("", topic)
    return not _CLAUSE.search(topic) and len(content_words(topic)) <= ANNOUNCED_TOPIC_MAX
