"""Forms of one word that the stemmer keeps apart, so a question's word meets a sentence's other form of it.

Snowball strips inflections ("vaccinate", "vaccination": vaccin) but leaves two kinds of forms apart:

- a country and its people: "Iranian" (iranian) and "Iran" (iran), "Ukrainian" and "Ukraine" (ukrain),
  "Somali" and "Somalia". These come from the catalog's own data (``indexer.entities``: each country's
  one-word names, its demonym and its people), not from letters;
- a derivation the stemmer cuts at another letter: "electrified" (electrifi) and "electricity" (electr), one
  stem extending the other. Words that start alike are not enough ("election"/"electricity",
  "party"/"participation" share their first letters), so a word of the passages stands for a question's word
  only when the two also mean the same (MiniLM word vectors, ``FORM_SIMILARITY``). Another spelling
  ("organisations"/"organizations") is not taken: on the seed suite it let a title sentence that names
  "international organizations" answer "Which partner organisations ...?", whose answer never says the noun.
  "occupying"/"occupation" (0.51) is below the threshold: a wider one would take "party"/"participation" (0.53).

``forms`` gives, for each question term, the other stems that count as it (``scoring.overlap``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from indexer.keyword import analyze
from qa_service.answering.evidence import PREFIX

# Letters a passage's word shares with a question's word to be a candidate form of it: evidence.PREFIX.
FORM_PREFIX = PREFIX
# Word-vector cosine above which a candidate is a form of the question's word. On the UNGDC subset's words that
# share five letters, related forms lie above it ("electrified"/"electricity" 0.81, "stronger"/"strong" 0.84,
# "terrorist"/"terrorism" 0.84) and words that only start alike below ("participation"/"party" 0.53,
# "election"/"electricity" 0.31, "internet"/"international" 0.40, "against"/"again" 0.31).
FORM_SIMILARITY = 0.75
MAX_CANDIDATES = 200  # candidate words compared per question: the look-up must stay cheap
ENCODE_MAX = 64  # words not in the word cache that one question may encode (more: no derived forms)

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# words, words -> cosine matrix, or None when the vectors are not to be had now
Similar = Callable[[list[str], list[str]], np.ndarray | None]


@lru_cache(maxsize=1)
def country_forms() -> dict[str, frozenset[str]]:
    """For the stem of each country's one-word name, demonym or people, the stems of the others
    ("iranian" -> {"iran", "iranians"...}): the question's "Iranian" is the sentence's "Iran"."""
    import pycountry

    from indexer.entities import country_entity

    groups: list[set[str]] = []
    for country in pycountry.countries:
        entity = country_entity(country.alpha_3)
        if entity is None:
            continue
        names = (entity.name, *entity.aliases)  # not its code ("IRN")
        stems = {stems[0] for name in names if " " not in name and len(stems := analyze(name)) == 1}
        if len(stems) > 1:
            groups.append(stems)
    out: dict[str, set[str]] = {}
    for group in groups:
        for stem in group:
            out.setdefault(stem, set()).update(group - {stem})
    return {stem: frozenset(others) for stem, others in out.items()}


def forms(
    question: str, terms: Iterable[str], passages: Sequence[str], similar: Similar | None
) -> dict[str, frozenset[str]]:
    """For each of ``terms`` (the question's stems) the other stems that count as it in ``passages``: its country
    forms, and the passages' words that start like the question's word and mean the same (``similar``)."""
    terms = set(terms)
    out: dict[str, set[str]] = {t: set(country_forms().get(t, ())) for t in terms}
    asked = _words_of(question, terms)
    candidates = _candidates(passages, asked, terms) if similar is not None and asked else {}
    words = list(candidates)
    cosine = similar(list(asked.values()), words) if similar is not None and words else None
    if cosine is not None:
        for row, (stem, word) in zip(cosine, asked.items(), strict=True):
            near = np.flatnonzero(row >= FORM_SIMILARITY)
            alike = [candidates[words[i]] for i in near if words[i][:FORM_PREFIX] == word[:FORM_PREFIX]]
            out[stem].update(form for form in alike if _derives(form, stem))
    return {t: frozenset(s - {t}) for t, s in out.items() if s - {t}}


def _derives(form: str, stem: str) -> bool:
    """Whether one stem extends the other ("electr" and "electrifi", "occup" and "occupi"): a derivation adds to
    its word; another spelling ("organis", "organiz") or a word of the same field ("withdrew") does not."""
    return form.startswith(stem) or stem.startswith(form)


def _words_of(question: str, terms: set[str]) -> dict[str, str]:
    """Each question term with the (case-folded) word it came from, for terms long enough to have forms."""
    out: dict[str, str] = {}
    for word in _WORD.findall(question):
        stems = analyze(word)
        if len(stems) == 1 and stems[0] in terms and len(word) >= FORM_PREFIX:
            out.setdefault(stems[0], word.casefold())
    return out


def _candidates(passages: Sequence[str], asked: Mapping[str, str], terms: set[str]) -> dict[str, str]:
    """Words of the passages that start like a question word but stem otherwise (one stem each), with that stem."""
    prefixes = {w[:FORM_PREFIX] for w in asked.values()}
    found: dict[str, str] = {}
    for text in passages:
        for word in _WORD.findall(text):
            key = word.casefold()
            if key[:FORM_PREFIX] in prefixes and key not in found:
                stems = analyze(key)
                if len(stems) == 1 and stems[0] not in terms:
                    found[key] = stems[0]
                    if len(found) >= MAX_CANDIDATES:
                        return found
    return found
