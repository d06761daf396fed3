"""Whether a sentence names one of what "which/what <noun>" asks for, in the noun's own word or in other words.

"What agreement came out of the summit that Peru and Colombia convened?" is answered by "The outcome of that
meeting was the Leticia Amazon Pact": a name whose head word ("Pact") means what the asked noun does
("agreement"). Whether it does is measured on MiniLM word vectors (``NAMED_ALIKE``), not looked up in a list
of synonyms; a compound that ends in the noun ("surgeonfish" for "Which fish ...?") names one in its own word.

    >>> asked_phrase("What agreement came out of the summit that Peru and Colombia convened?")
    ('agreement',)
    >>> names("The outcome of that meeting was the Leticia Amazon Pact.", "What agreement came out of it?")
    [['Leticia', 'Amazon', 'Pact']]
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getLemma

from qa_service.answering.answer_types import CAPITALISED_RUN, asked_words, expected_type, names_the_noun, word_key
from qa_service.answering.relations import WordVectors

# A name's head this close to the asked noun (MiniLM cosine of the two words, singular) names one in other
# words. Measured on 47 pairs of an asked noun and the head of a name that is one of it and 48 that are not:
# "agreement"/"Treaty" 0.61, "fish"/"surgeonfish" 0.63, "agreement"/"Pact" 0.52, "plan"/"Strategy" 0.52,
# "initiative"/"Programme" 0.46, "treaty"/"Convention" 0.42 reach it (74% of the right pairs), "treaty"/"Council"
# 0.33, "initiative"/"Summit" 0.34, "agreement"/"Summit" 0.31, "event"/"Forum" 0.29 do not; 23% of the wrong
# pairs reach it too ("agreement"/"meeting" 0.45, "treaty"/"Union" 0.47, "coalition"/"Republic" 0.45): word
# vectors say related, not "a kind of". So the neighbour rule it serves (elaborate.named_neighbour) is narrow:
# only when the best sentence names none, loosely counted. Some nouns are beyond single words: "body" and
# "Council" or "Committee" lie at 0.21-0.30, below "body" and "country" (0.38).
NAMED_ALIKE = 0.40

_WORD = re.compile(r"[\w'\u2019-]+")
# "somebody", "nobody": a pronoun ending in the noun, not a kind of it.
_NOT_COMPOUNDS = ("some", "no", "any", "every")


def asked_phrase(question: str) -> tuple[str, ...]:
    """The words naming the kind of answer of a "which/what <noun>" question that asks no other kind, the head
    noun last ("maritime", "coalition"); empty when it asks another (a year, a place, a quantity, an organisation
    are asked and checked as such: answer_types.expected_type) or none."""
    return asked_words(question) if expected_type(question) is None else ()


def names(sentence: str, question: str) -> list[list[str]]:
    """The words of the names ``sentence`` gives that the question does not: runs of two or more capitalised
    words ("Leticia Amazon Pact"), with the noun that follows one ("the Build Back Better World initiative")."""
    asked = {word_key(w) for w in _WORD.findall(question)}
    opening = len(sentence) - len(sentence.lstrip(" \t\n\"'\u201c\u2018(-\u2014"))
    found: list[list[str]] = []
    for match in CAPITALISED_RUN.finditer(sentence):
        words = _WORD.findall(match.group())
        if match.start() == opening:
            words = words[1:]  # capitalised as the sentence's first word ("In October", "The Pact"), not as a name
        if len(words) < 2 or all(word_key(w) in asked for w in words):
            continue  # a single word, or the question's own name ("the Amazon summit"): not a new name
        after = re.match(r"\s+([a-z][a-z-]+)\b", sentence[match.end() :])
        found.append([*words, after.group(1)] if after and _noun(after.group(1)) else words)
    return found


def names_kind(
    phrase: tuple[str, ...], sentence: str, question: str, vectors: WordVectors | None, loosely: bool = False
) -> bool:
    """Whether ``sentence`` names one of what "which <phrase>" asks: by its noun ("the Amazon agreement",
    ``answer_types.names_the_noun``), or with word ``vectors`` by a name whose head means the noun in other
    words (``NAMED_ALIKE``: "Leticia Amazon Pact" for "agreement") or by a compound ending in it ("surgeonfish"
    for "fish"; "impact" is no kind of "act", which the vectors tell). ``loosely``: what a best sentence needs to
    keep its own answer, which it may also give by the noun unnamed ("playing its rightful role" answers "What
    role does Sierra Leone play ...?" by describing it) or by a name holding another word of the phrase
    ("International Maritime Security Construct" for "maritime coalition"; a neighbour's "WSIS Action Lines"
    are no "action points")."""
    noun = phrase[-1]
    if names_the_noun(noun, sentence):
        return True
    given = names(sentence, question)
    modifiers = {word_key(w) for w in phrase[:-1]}
    if loosely and any(word_key(w) in modifiers for name in given for w in name):
        return True
    if loosely and any(_singular(w) == _singular(noun) for w in _WORD.findall(sentence)):
        return True
    # A head the question gives ("Government of Panama" for "Which treaties did Panama credit ...?") is not what
    # the answer names.
    asked = {word_key(w) for w in _WORD.findall(question)}
    heads = [name[-1] for name in given if word_key(name[-1]) not in asked] + _compounds_of(noun, sentence)
    if vectors is None or not heads:
        return False
    keys = [_singular(noun), *dict.fromkeys(_singular(h) for h in heads)]
    found = vectors(keys)
    return bool((found[1:] @ found[0] >= NAMED_ALIKE).any())


def _compounds_of(noun: str, sentence: str) -> list[str]:
    """The words of ``sentence`` made of another word and ``noun`` ("surgeonfish" for "fish"), not a pronoun
    ("somebody")."""
    key = _singular(noun)
    compounds = []
    for word in _WORD.findall(sentence.lower()):
        if key in word and (stem := _singular(word)).endswith(key):
            prefix = stem.removesuffix(key).rstrip("-")
            if len(prefix) >= 3 and prefix not in _NOT_COMPOUNDS:
                compounds.append(word)
    return compounds


def _noun(word: str) -> bool:
    """Whether ``word`` may be a noun and is no inflected verb ("initiative", not "remains" in "the Mine Ban
    Convention remains ...")."""
    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and word in lemmas.get("VERB", (word,))


def _singular(word: str) -> str:
    """A word as its singular noun, lower case ("Pacts": "pact"), what word vectors are compared on."""
    return getLemma(word.lower(), "NOUN")[0]
