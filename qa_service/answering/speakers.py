"""Who said it, when the question asks for the party that speaks.

"Which country said it would host the ninth Our Ocean Conference?" is answered by a speech's "we will
be hosting the ninth international Our Ocean Conference": the right sentence, without the name asked
for. A factoid answer to such a question names each quoted document's speaker before its first sentence,
as multi-document answers do ("Greece (2022): ...").

    >>> asks_for_a_party("Which country said it would host the conference?")
    True
    >>> asks_for_a_party("Which country's president told the Assembly about a video?")
    True
    >>> asks_for_a_party("Which country did Norway partner with?")
    False
    >>> asks_for_a_party("Who presided over the conference?")
    False
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_service.answering.candidates import Candidate
from qa_service.answering.typed import label
from qa_service.retrieval.roles import asks_for_the_speaker

# "Who" often asks for a person the speech names ("Who presided over ..."), not for the speaker.
_WHO = re.compile(r"^\W*who\b", re.IGNORECASE)
# "Which country's president told ...": the party owns the one who spoke.
_PARTY_POSSESSIVE = re.compile(
    r"^\W*(?:which|what)\s+(?:countr(?:y|ies)|nations?|states?|governments?|delegations?)['\u2019]s?\s",
    re.IGNORECASE,
)


def asks_for_a_party(question: str) -> bool:
    if _WHO.match(question):
        return False
    return asks_for_the_speaker(question) or _PARTY_POSSESSIVE.match(question) is not None


def prefixes(question: str, chosen: Sequence[Candidate]) -> list[str] | None:
    """'Greece (2022): ' before the first sentence quoted from each document, or None when the question
    does not ask for the party."""
    if not asks_for_a_party(question):
        return None
    out: list[str] = []
    previous = None
    for candidate in chosen:
        doc_id = candidate.document.doc_id
        out.append("" if doc_id == previous else f"{label(candidate.document)}: ")
        previous = doc_id
    return out
