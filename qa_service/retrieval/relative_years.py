"""A year said relative to the conversation's: "a year later", "the following year", "two years earlier".

After "How many Syrians had returned, according to Turkey's 2019 speech?", the turn "What figure did it
give the following year?" asks about 2020. Carried as it stands, the 2019 filter answered from the wrong
statement (or the service said 2019 did not answer). The phrase is written out as the year it names
("in 2020") before the turn is read, so the year filters and is shown like one the user typed:

    >>> written_out("What figure did it give the following year?", [2019])
    'What figure did it give in 2020?'
    >>> written_out("How many had joined two years later?", [2019])
    'How many had joined in 2021?'

Only a single year of the turn before can be moved; "a year ago" counts from today, not from the turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_LATER = r"later|after|afterwards|on"
_EARLIER = r"earlier|before|previously"
_RELATIVE = re.compile(
    rf"\b(?:in\s+|by\s+)?(?:"
    rf"(?P<count>a|an|one|two|three|four|five|\d)\s+years?\s+(?:(?P<later>{_LATER})|(?P<earlier>{_EARLIER}))"
    r"|the\s+(?:(?P<next>following|next|subsequent)|(?P<previous>previous|preceding|prior))\s+year"
    r"|the\s+year\s+(?:(?P<after>after)|(?P<before>before))(?:\s+that)?"
    r")\b(?!\s+(?:which|when)\b)",
    re.IGNORECASE,
)


def offset(match: re.Match[str]) -> int:
    """How many years the phrase moves: positive for later, negative for earlier."""
    if match.group("count"):
        word = match.group("count").lower()
        count = int(word) if word.isdigit() else _COUNTS[word]
        return count if match.group("later") else -count
    return 1 if (match.group("next") or match.group("after")) else -1


def written_out(question: str, years: Sequence[int]) -> str:
    """``question`` with its relative year phrase written as the year it names, counted from the one
    year of ``years``; unchanged when there is no such phrase or not exactly one year to count from."""
    if len(set(years)) != 1:
        return question
    match = _RELATIVE.search(question)
    if match is None:
        return question
    year = f"in {years[0] + offset(match)}"
    if match.group()[0].isupper():
        year = year.capitalize()
    return question[: match.start()] + year + question[match.end() :]
