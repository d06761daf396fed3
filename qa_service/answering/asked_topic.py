"""The topic a question asks about ("What did UNDP report about the gender gap in internet use?" -> "the gender gap").

A passage that never uses the topic's rarest word is not about it, however close its meaning: "the gender
gap" answered with a sentence on digital inequality, "5G networks" with one on networks of experts. The
scorer's ``topic_missing`` feature records it, and the learned evidence model weighs it against the
sentence's cosine (a paraphrase question has no "about X" to miss).

    >>> topic_phrase("What did UNDP report about the gender gap in internet use?")
    'the gender gap'
    >>> topic_phrase("How did UNDP help small businesses?") is None
    True
"""

from __future__ import annotations

import re

# The topic follows "about", "on", "regarding", "concerning" and ends where a qualifier starts:
# a preposition of place or time, a relative clause, or the question mark.
_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning)\s+(?P<topic>[^?]+)", re.IGNORECASE)
_TOPIC_END = re.compile(
    r"\s+(?:in|at|for|by|during|since|before|after|from|as|according|who|that|which|when|where|while)\b|[,;:]",
    re.IGNORECASE,
)


def topic_phrase(question: str) -> str | None:
    """The words after the last "about"/"on" up to a qualifier, or None when the question names no topic."""
    matches = list(_TOPIC.finditer(question))
    if not matches:
        return None
    topic = _TOPIC_END.split(matches[-1].group("topic"), maxsplit=1)[0].strip()
    return topic or None
