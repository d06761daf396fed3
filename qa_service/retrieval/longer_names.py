"""Whether a country or entity name in a question is only part of a longer proper name.

"What did Viet Nam say about the South China Sea?" names one speaker: China there is a word of
the sea's name, as Chad is of "Lake Chad", Niger of "the Niger Delta" and Guinea of "the Gulf of
Guinea". Read as mentions, such names became second entities (a comparison of Viet Nam and
China), objects that filtered by their country, or "absent" speakers of a comparison.

A name is inside a longer one when a capitalised word touching it, or a capitalised word joined
by "of" ("Gulf of Guinea"), makes with it a phrase the corpus text holds as such. Neither a
function word ("Did Ghana"), nor another name ("Ghana Kenya climate"), nor a word of who speaks
("the Ghana Government", "the President of Ghana") makes a longer name, and a pairing the texts
never use ("Compare Japan", "Ghana COVID") leaves the name a mention. A question typed in lower
case shows no capitals: there a content word on each side must make the phrase ("the south china
sea", "the lake chad region").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from indexer.keyword import analyze
from qa_service.retrieval.verbs import SPEAKER_NOUNS

PhraseCheck = Callable[[str], bool]

# Words of who speaks or governs: "the Ghana Government", "the President of Ghana" name the speaker.
_GOVERNING = """government governments president presidents prime minister ministers ministry delegation delegations
people peoples army forces police parliament state states administration authorities leadership leader leaders
republic kingdom federation king queen head representative ambassador mission permanent embassy citizens nationals"""
_SPEAKER_HEADS = SPEAKER_NOUNS | frozenset(_GOVERNING.split())
_CAPITALISED = r"[A-Z][\w'\u2019-]*"
_BEFORE = re.compile(rf"({_CAPITALISED})\s+$")  # "South " before "China"
_BEFORE_OF = re.compile(rf"({_CAPITALISED})\s+of\s+(?:the\s+)?$")  # "Gulf of " before "Guinea"
_AFTER = re.compile(rf"^\s+({_CAPITALISED})")  # " Delta" after "Niger"
_LOWER_BEFORE = re.compile(r"([a-z][\w'\u2019-]*)\s+$")
_LOWER_AFTER = re.compile(r"^\s+([a-z][\w'\u2019-]*)")


def inside_a_longer_name(
    question: str, start: int, end: int, others: Sequence[tuple[int, int]], mentioned: PhraseCheck
) -> bool:
    """Whether the name at ``question[start:end]`` is a word of a longer proper name the corpus holds;
    ``others`` are the spans of the question's other names (a neighbouring name is not a modifier)."""
    before, after = question[:start], question[end:]
    if not any(ch.isupper() for ch in question):
        return _inside_in_lower_case(question, start, end, others, mentioned)
    following = _AFTER.match(after)
    tail = following.group(1) if following and _modifies(following.group(1), end + following.start(1), others) else ""
    touching = [(m.start(1), m.group(1)) for m in (_BEFORE.search(before), _BEFORE_OF.search(before)) if m]
    for offset, word in touching:
        if not _modifies(word, offset, others):
            continue
        phrase = " ".join(question[offset:end].split())
        if _opens_a_sentence(question, offset):
            # Capitalised because it opens the question ("Supporting Ethiopia, ..."): a longer name
            # only when a capitalised word follows the name too ("South China Sea: what did ...").
            if tail and mentioned(f"{phrase} {tail}"):
                return True
        elif mentioned(phrase):
            return True
    return bool(tail) and mentioned(f"{question[start:end]} {tail}")


def _inside_in_lower_case(
    question: str, start: int, end: int, others: Sequence[tuple[int, int]], mentioned: PhraseCheck
) -> bool:
    preceding, following = _LOWER_BEFORE.search(question[:start]), _LOWER_AFTER.match(question[end:])
    if preceding is None or following is None:
        return False
    words = [(preceding.group(1), preceding.start(1)), (following.group(1), end + following.start(1))]
    if not all(_modifies(word, offset, others) for word, offset in words):
        return False
    return mentioned(f"{preceding.group(1)} {question[start:end]} {following.group(1)}")


def _opens_a_sentence(question: str, offset: int) -> bool:
    return not question[:offset].strip() or question[:offset].rstrip()[-1] in ".?!:;\"'\u201c"


def _modifies(word: str, offset: int, others: Sequence[tuple[int, int]]) -> bool:
    """A capitalised content word, not one of another name, nor a word of who speaks."""
    if any(s <= offset < e for s, e in others):
        return False
    return bool(analyze(word)) and word.lower() not in _SPEAKER_HEADS and not word.isupper()
