"""A year after a passive verb dates what was done, by whoever did it, not the statement that tells it.

"How much climate finance was pledged in Copenhagen in 2009, according to the Maldives?" reads "in 2009"
as a document year by its words alone (``years.py``), and "pledge" is a verb of saying or committing
(``verbs.STATEMENT_VERBS``), which in "What did the Maldives pledge in 2019?" makes the year the speech's.
In the passive the entity is not who pledged: the subject is what was pledged ("climate finance"), the
pledging was done by others (at a conference, by donors), and the entity only recounts it, in whichever
year's statement. So a year right after a passive verb, with nothing but place phrases between ("was
promised at the Paris conference in 2015", "the target agreed in 2010"), is read like a bare year
(``question._read_against_the_verb``): that year's statement when the entity has one, else a word of the
topic that the answer must hold (``answering/asked_years.py``).

The passive is a form of *be* before the participle ("was pledged", "had been agreed") or a participle
right after the noun it qualifies ("the target agreed in 2010"). An agent naming the speaker gives the
speech back its year: "What was promised by Norway in 2012?" is what Norway's 2012 statement promised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lemminflect import getAllLemmas, getInflection

from qa_service.retrieval.roles import AUXILIARIES, word_set
from qa_service.retrieval.verbs import SPEAKING_PARTIES
from qa_service.retrieval.years import DOCUMENT_NOUNS, TimeExpression

_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
_CLAUSE_END = re.compile(r"[,;:?!]")
_BE = word_set("was were is are be been being")
_ADVERBS = word_set("also first already originally only once jointly formally officially publicly just")
# Prepositions that open a phrase between the verb and its year ("pledged in Copenhagen in 2009").
_PREPOSITIONS = word_set("in at during by under within on of from for to")
_PARTICLES = word_set("up out off down")  # "was set up in 2009"
_DETERMINERS = word_set("the a an its their his her this that these those our")
_PRONOUNS = word_set("it they we he she i you them us him")
# At most this many words of place phrases between the participle and the year's preposition.
_MAX_BETWEEN = 6


def dates_a_passive_event(question: str, time: TimeExpression, names: Sequence[tuple[int, int]]) -> bool:
    """Whether ``time`` ("in 2009") follows a passive verb whose agent is not a party the question names:
    "was pledged in Copenhagen in 2009", "the target agreed in 2010", but not "was promised by Norway in 2012"."""
    if not re.match(r"(?:in|during)\b", time.text, re.IGNORECASE):
        return False  # "its 2009 statement", "the submission for 2009": no verb dates them
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(question, 0, time.start)), default=0)
    tokens = list(_WORD.finditer(question, clause_start, time.start))  # a document year's span holds its "in"
    verb = _participle_before(tokens, names)
    if verb is None or not _passive(tokens[:verb], tokens[verb].group(0)):
        return False
    clause_end = _CLAUSE_END.search(question, time.end)
    rest = question[tokens[verb].end() : clause_end.start() if clause_end else len(question)]
    return not _agent_is_a_named_party(rest, tokens[verb].end(), names)


def _participle_before(tokens: list[re.Match[str]], names: Sequence[tuple[int, int]]) -> int | None:
    """The index of the past participle ending the clause before the year, over place phrases
    ("pledged | in Copenhagen"), or None when another word comes first."""
    between: list[str] = []
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 2 - _MAX_BETWEEN), -1):
        word = tokens[i].group(0)
        lower = word.lower()
        named = any(a <= tokens[i].start() < b for a, b in names)
        if not named and not word[:1].isupper() and _past_participle(lower):
            # The participle takes no object: a phrase after it opens with a preposition or a particle.
            return i if not between or between[-1] in _PREPOSITIONS | _PARTICLES else None
        if lower in AUXILIARIES or lower in _BE or lower in _PRONOUNS or _only_a_verb(lower):
            return None  # "What did Fiji say at the General Debate in 2017": the clause's verb is active
        between.append(lower)
    return None


def _past_participle(word: str) -> bool:
    return any(word in getInflection(lemma, "VBN") for lemma in getAllLemmas(word).get("VERB", ()))


def _only_a_verb(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and not lemmas.keys() & {"NOUN", "ADJ", "ADV", "PROPN"}


def _passive(before: list[re.Match[str]], participle: str) -> bool:
    """Whether the participle is passive: after a form of be ("was first pledged"), or right after the
    noun it qualifies, itself no subject ("the target agreed", not "Kenya agreed" nor "they agreed")."""
    words = [m.group(0) for m in before]
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    if not words:
        return False
    last = words[-1]
    lower = last.lower()
    if lower in _BE:
        return True
    if last[:1].isupper() or lower in _PRONOUNS | SPEAKING_PARTIES | AUXILIARIES | DOCUMENT_NOUNS:
        return False  # "What has Kenya agreed", "the statement delivered in 2019": the speech's own year
    base = participle.lower() in getAllLemmas(participle.lower()).get("VERB", ())
    return not base and "NOUN" in getAllLemmas(lower) and lower not in _DETERMINERS


def _agent_is_a_named_party(rest: str, offset: int, names: Sequence[tuple[int, int]]) -> bool:
    """Whether "by" after the participle names who speaks: a name of the question ("by Norway") or
    its speaking party ("by its Government"); "by donors" is someone else."""
    for match in re.finditer(r"\bby\s+(?:(?:the|its|their|his|her|our)\s+)?([A-Za-z][\w'\u2019-]*)", rest):
        start = offset + match.start(1)
        if any(a <= start < b for a, b in names) or match.group(1).lower() in SPEAKING_PARTIES | _PRONOUNS:
            return True
    return False
