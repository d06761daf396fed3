"""The verb of a question: whether a name says something and whether a year is the document's.

Two readings need the question's verb, not just the words next to a name or a year:

- A named country or entity is the *speaker* when it is the subject of a verb of saying or
  committing ("What did Italy say", "did the Netherlands pledge"), owns a statement ("the UAE's
  position", "Tuvalu's 2021 statement"), is quoted ("according to Ukraine") or is compared. A
  speaker the corpus has no document from cannot be answered for by other speeches that name it.
- "in 2018" is the document's year only in document phrasing: a verb of saying ("What did Norway
  say about oceans in 2012?"), a document noun ("its 2015 statement") or the generic "do" ("What
  did UNDP do on disinformation in 2021?"). With another verb ("Which conference did Kenya host in
  2018?", "did the founding nations unite in 1945") the year is when the event happened, which
  that year's statement or a later one may tell; a range with a copula ("What was Ghana's growth
  rate between 2017 and 2020?") is the period of a value, not of documents. A passive verb of saying
  ("How much was pledged in Copenhagen in 2009, according to the Maldives?") dates what others did
  (``passive_clauses``), and a keyword query, with no verb at all, is read by its nouns
  (``keyword_query``).

Verbs are recognised with lemminflect's English lemma dictionary (no model, no download).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from qa_service.retrieval.roles import DO_AUXILIARIES, after_the_party_asked, comparing, word_set
from qa_service.retrieval.years import DOCUMENT_NOUNS

# Lemmas of verbs that report what a speaker said, asked for or committed to.
STATEMENT_VERBS = word_set(
    """say state report announce declare mention speak talk tell propose pledge promise commit call urge argue
    claim stress emphasise emphasize highlight note express raise describe warn suggest recommend criticise
    criticize condemn welcome reaffirm insist request ask demand explain outline underline underscore acknowledge
    recall vow appeal advocate assert affirm reiterate confirm deny accuse blame praise comment discuss address
    present share think believe want hope feel view consider regard plan intend aim cite quote respond reply react"""
)
# Verbs of intending, which are also ways of saying ("What does Kenya want?"): followed by "to" and a verb,
# that verb tells what a year is about ("Which summit does Kyrgyzstan want to convene in 2027?").
INTENT_VERBS = word_set("want hope plan intend aim wish seek expect propose")
GENERIC_VERBS = word_set("do")  # "What did UNDP do on X in 2021?": what its document of 2021 says
# Nouns for what a speaker says: "X's position", "the statement by X", "in its 2019 statement".
SPEAKER_NOUNS = DOCUMENT_NOUNS | word_set(
    """position positions stance view views proposal proposals pledge pledges commitment commitments message
    call appeal response reply argument arguments priorities perspective opinion"""
)
# Who speaks for a country, after its possessive: "What did Colombia's Government say ...?", "Why did Germany's
# Foreign Minister ...?" ask for that country's statements (not for what it says of a government).
SPEAKING_PARTIES = word_set("government president minister delegation leader representative ambassador king queen")
_WORD = re.compile(r"[A-Za-z][\w'\u2019.-]*[A-Za-z]|[A-Za-z]")
_DO_AUX = frozenset(DO_AUXILIARIES)
_BE_HAVE_AUX = word_set("was were is are be been being has have had")
# Words between a subject and its verb that are not the verb ("Italy has also said").
_FILLERS = word_set(
    """has have had did does do will would also ever recently not never already just first officially formally
    publicly previously once really actually repeatedly"""
)
_PREPOSITIONS = word_set(
    "about on regarding concerning towards toward against with for to in at of from by into over than"
)
# The prepositions that make a possessive name's noun what is spoken of ("say about Kenya's position").
_TOPIC_PREPOSITION = re.compile(
    r"\b(?:about|on|regarding|concerning|against|towards?|over|with|for|to|at|into|like|than)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\b(?:according\s+to|in\s+the\s+(?:words|view)\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(getAllLemmas(word.lower()))


def warm_up() -> None:
    """Load lemminflect's two dictionaries now, not on the first question a replica answers: each takes a
    fraction of a second of pure Python, holding the GIL, and requests arriving meanwhile queue behind it
    (the inflections, read by passive_clauses.py, once took a cold replica's first searches past a second)."""
    _lemmas("said")
    getInflection("say", "VBN")


def verb_lemma(word: str) -> str | None:
    """The verb ``word`` is a form of ("hosted" -> "host"), or None when it cannot be a verb."""
    forms = _lemmas(word).get("VERB")
    return forms[0] if forms else None


def _is_base_verb(word: str) -> bool:
    return word.lower() in _lemmas(word).get("VERB", ())


def _is_inflected_verb(word: str) -> bool:
    """'hosted', 'said', 'signing': a verb form that is not the base form (nor only a noun's plural)."""
    forms = _lemmas(word).get("VERB", ())
    return bool(forms) and word.lower() not in forms and word.lower() not in _BE_HAVE_AUX


def speaks(question: str, start: int, end: int) -> bool:
    """Whether the name at ``question[start:end]`` is in the speaker's role."""
    before, after = question[:start], question[end:]
    if comparing(question) or (_QUOTED.search(before) and not _names_a_source(after)):
        return True
    words_after = _WORD.findall(after)
    if re.match(r"['\u2019]s?\b", after):  # "X's position", "X's 2021 statement"
        if after_the_party_asked(question, start) or _TOPIC_PREPOSITION.search(before):
            # "Which countries welcomed Ukraine's proposal?": the countries speak; "What did Peru say
            # about Kenya's position?": Peru does, of Kenya's position.
            return False
        following = _WORD.findall(re.sub(r"(?<!\w)(?:19|20)\d{2}(?!\w)", " ", after[2:]))[:3]
        return any(w.lower() in SPEAKER_NOUNS | SPEAKING_PARTIES for w in following)
    words_before = _WORD.findall(before)
    last = words_before[-1].lower() if words_before else ""
    if last in ("by", "from", "of") and len(words_before) > 1:
        head = words_before[-2].lower()
        head = words_before[-3].lower() if head == "the" and len(words_before) > 2 else head
        if head in SPEAKER_NOUNS or verb_lemma(head) in STATEMENT_VERBS and _is_inflected_verb(head):
            return True  # "the statement by X", "what was said by X"
    if last in _PREPOSITIONS:
        return False  # "What did Egypt say about Italy?": Italy is talked about
    for word in words_after[:4]:
        if word.lower() in _FILLERS:
            continue
        return verb_lemma(word) in STATEMENT_VERBS and not word[:1].isupper()
    return False


def _names_a_source(after: str) -> bool:
    """Whether a quoted name modifies the noun after it, which is what is quoted: "according to the IMF
    figures Kenya cited" quotes figures someone else cited; "according to Kenya's statement" or
    "according to the Kenyan delegation" still quote the name (a speaker noun)."""
    match = re.match(r"\s+([a-z][a-z-]*)\b", after)
    if match is None:
        return False
    word = match.group(1)
    return "NOUN" in _lemmas(word) and word not in SPEAKER_NOUNS and word not in _PREPOSITIONS | _FILLERS


def main_verb(question: str, skip: list[tuple[int, int]]) -> str | None:
    """The lemma of the question's predicate: "host" in "Which conference did Kenya host in 2018?",
    "be" in "What was Ghana's growth rate?", None in a keyword query ("Ghana climate 2019")."""
    found = _predicate(question, skip)
    return found[0] if found is not None else _copula(question, skip)


def _copula(question: str, skip: list[tuple[int, int]]) -> str | None:
    """ "be" for a question without a lexical verb whose verb is a form of be, else None."""
    return "be" if any(w.lower() in ("was", "were", "is", "are") for w, _ in _tokens(question, skip)) else None


# "when it spoke at the General Assembly in 2021", "as Ghana addressed the Assembly": a clause that says when
# the statement was made, not what it is about. Up to the clause's end.
_FRAME_CLAUSE = re.compile(
    r"\b(?:when|as|while)\s+(?:it|they|he|she|(?:(?:its|their|the)\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)\s+"
    r"(?P<verb>[a-z]+)\b[^,;:?!.]*"
)


def statement_frames(question: str) -> list[tuple[int, int]]:
    """Spans of clauses that frame the statement ("when it spoke at the General Assembly in 2021"): they
    name the occasion, which every statement shares, and would rank sentences that mention the Assembly."""
    return [m.span() for m in _FRAME_CLAUSE.finditer(question) if verb_lemma(m.group("verb")) in STATEMENT_VERBS]


def _infinitive_after(question: str, end: int) -> str | None:
    """The lemma of the verb in "to <verb>" right after ``end`` ("want | to convene"), else None."""
    match = re.match(r"\s+to\s+([A-Za-z]+)", question[end:])
    return verb_lemma(match.group(1)) if match and _is_base_verb(match.group(1)) else None


def object_position(question: str, skip: list[tuple[int, int]]) -> int | None:
    """Where the objects of the question's lexical verb may start: the end of that verb ("joined"
    in "How many Georgian students have joined the EU's scheme?"), None when it has none (a copula,
    "What is Egypt's population?", or a keyword query). What comes before is the subject or the
    question phrase ("What share of Georgia's territory does Russia occupy?")."""
    found = _predicate(question, skip)
    return found[1] if found is not None else None


def _tokens(question: str, skip: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """The question's words outside ``skip`` (names, years), each with the offset where it ends."""
    return [(m.group(0), m.end()) for m in _WORD.finditer(question) if not any(a <= m.start() < b for a, b in skip)]


def _predicate(question: str, skip: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The lemma of the question's lexical verb and the offset where the verb ends, or None."""
    tokens = _tokens(question, skip)
    lower = [w.lower() for w, _ in tokens]
    for i, word in enumerate(lower):
        if word in _DO_AUX:  # do-support or a modal: the verb is the first base form after the subject
            rest = tokens[i + 1 :]
            for j, (candidate, end) in enumerate(rest):
                if candidate[:1].isupper() or "'" in candidate or "\u2019" in candidate:
                    continue  # a name or a possessive is the subject
                if _is_base_verb(candidate):
                    following = rest[j + 1][0] if j + 1 < len(rest) else ""
                    if "NOUN" in _lemmas(candidate) and following and _is_base_verb(following):
                        continue  # "did the people vote": "people" is the subject
                    lemma = verb_lemma(candidate)
                    return (lemma, end) if lemma else None
            break
    # Without an auxiliary, a finite verb ("Who hosted ..."); a form that is also a noun ("capacity
    # building") is taken for the noun unless it is a verb of saying ("spoke").
    for (_, end), word in zip(tokens, lower, strict=True):
        if _is_inflected_verb(word) and ("NOUN" not in _lemmas(word) or verb_lemma(word) in STATEMENT_VERBS):
            lemma = verb_lemma(word)
            if lemma:
                return lemma, end
    return None


def object_of_a_verb(question: str, start: int, skip: list[tuple[int, int]]) -> bool:
    """Whether the word before ``start`` is the question's verb taking it as object ("declare 2019 the
    Year of Return"): a thing talked about, not when it was said. In a keyword query the word is a noun
    the year dates ("Bangladesh poverty rate 2006"), though "rate" may be a verb too."""
    words = list(_WORD.finditer(question, 0, start))
    if not words or words[-1].group(0)[:1].isupper():
        return False  # "Ghana 2019 climate": a name, then its year
    word = words[-1].group(0).lower()
    if verb_lemma(word) is None or word in _DO_AUX | _BE_HAVE_AUX | _PREPOSITIONS:
        return False
    return object_position(question, skip) == words[-1].end()


def keyword_query(question: str, skip: list[tuple[int, int]]) -> bool:
    """Whether the question is keywords: no verb, not even a copula ("Bangladesh's poverty rate in 2006",
    "Kenya electricity access 2015"), and no noun naming a statement ("Norway speech in 2013")."""
    if any(w.lower() in SPEAKER_NOUNS for w in _WORD.findall(question)):
        return False
    return main_verb(question, skip) is None


def year_reading(question: str, skip: list[tuple[int, int]]) -> str:
    """What the question's years are about: "document" (document phrasing, or no verb at all),
    "event" (another verb: when something happened) or "state" (a copula: "What was Ghana's
    growth rate between 2017 and 2020?", a value over those years)."""
    if any(w.lower() in SPEAKER_NOUNS for w in _WORD.findall(question)):
        return "document"
    found = _predicate(question, skip)
    verb = found[0] if found is not None else _copula(question, skip)
    if found is not None and verb in INTENT_VERBS:
        verb = _infinitive_after(question, found[1]) or verb
    if verb is None or verb in STATEMENT_VERBS or verb in GENERIC_VERBS:
        return "document"
    return "state" if verb == "be" else "event"
