"""Whether a name in a question is who speaks or what is spoken of.

"What did France say it would pay for to help Somalia?" names two corpus entities, but only
France speaks: Somalia is what France spoke of. Taking both as speakers made the question a
comparison of France and Somalia; in a follow-up ("And what will it fund for Somalia?") the
object replaced the speaker carried from the turn before. A name is an *object* when a
preposition governs it ("for Somalia", "about Ukraine", "with Ghana", "between Egypt and the
Sudan"), unless the phrase around it makes it the author ("according to Kenya", "the statement
by Ghana", "speeches from Norway"); names joined by "and" or a comma share the role of the first
("Compare Egypt and Ethiopia", "for Egypt and Ethiopia"). Anything else is a *speaker*: the
subject ("did Ghana say"), a possessive ("Ghana's position"), the name alone ("Ghana oceans") — but
not a possessive among the objects of the question's verb: in "How many Georgian students have
joined the EU's exchange scheme?" the EU owns the scheme the students joined, and is spoken of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

Role = Literal["speaker", "object"]

# The nouns that name a statement as a document, in the singular: the one list the rules below ("the speech by
# Ghana", "Which statements mention ...?") and question_types' cross-document questions ("How many submissions
# ...?") read, each in the number it needs.
DOCUMENT_NOUNS = ("statement", "speech", "submission", "document")


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, for word lists written as text."""
    return frozenset(text.split())


def plural(noun: str) -> str:
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def either_number(nouns: Iterable[str]) -> str:
    """A regex alternation of ``nouns`` in the singular or the plural: ``statement(?:s)?|speech(?:es)?``."""
    return "|".join(f"{noun}(?:{plural(noun).removeprefix(noun)})?" for noun in nouns)


# A document as who speaks: an address is a speech.
_DOCUMENT = either_number((*DOCUMENT_NOUNS, "address"))

# The words just before a name that make it the thing spoken of.
_GOVERNED = re.compile(
    r"\b(?:for|to|with|in|on|about|against|into|towards?|regarding|concerning|over|at|between|among|"
    r"amongst|of|from|via|through|across|within|inside|toward|upon|around|like|than|beside|besides|"
    r"including|excluding|versus|vs\.?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# ... unless the phrase before the preposition makes it the author of what is asked about.
_AUTHORED = re.compile(
    rf"(?:\baccording\s+to|\bby|\b(?:{_DOCUMENT}|reports?|"
    r"remarks|views?|position|delegations?|inputs?|words|contributions?|governments?|presidents?|"
    r"ministers?|leaders?)\s+(?:of|from|by))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_JOINED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)(?:the\s+)?$", re.IGNORECASE)
# A possessive name ("Georgia's territory") owns the noun after it.
_POSSESSIVE = re.compile(r"['\u2019](?:s\b|\s)")
# The prepositions after which a name is the topic of a comparison rather than a party to it.
_SPOKEN_OF = re.compile(
    r"\b(?:on|about|for|in|regarding|concerning|over|towards?|against|into|at|of|within|inside)\s+(?:the\s+)?$"
    r"|\b(?:on|about|regarding|concerning)\s+.*$",
    re.IGNORECASE,
)
# A question whose subject asks for a party ("Which country supports ...?", "Who backed ...?", "Which
# statements mention ...?"): the party that speaks is what is asked, so a name after it is spoken of. "Which
# country did Norway partner with?" asks an object: "did" (or an auxiliary before a name) brings the subject
# after it; "Which Ghanaian statements ..." names the party asked for, inside the question phrase.
# A party noun may also qualify the noun asked for ("What government agency did Somalia create?", "Which
# state institutions has Kenya built?"): the auxiliary after that noun brings the subject, who speaks.
# Do-support and modal auxiliaries ("did Norway", "will Ghana"): verbs.py finds a question's main verb after them.
DO_AUXILIARIES = ("did", "does", "do", "will", "would", "can", "could", "should", "shall", "may", "might", "must")
# ... and the forms of be and have that open a question's clause ("Which country was ...", "What has X done").
AUXILIARIES = frozenset((*DO_AUXILIARIES, "is", "are", "was", "were", "has", "have", "had"))
_PARTY = (
    r"(?:countr(?:y|ies)|states?|nations?|governments?|leaders?|delegations?|members?|speakers?|"
    rf"organi[sz]ations?|entit(?:y|ies)|{_DOCUMENT})"
)
# The nouns a party noun qualifies (in lower case), then an auxiliary and the name that is its subject.
_QUALIFIED_BEFORE_A_SUBJECT = (
    rf"(?:(?-i:[a-z])[\w-]*\s+){{1,2}}(?:{'|'.join(DO_AUXILIARIES)}|has|have|had)\s+(?:the\s+)?(?-i:[A-Z])"
)
_ASKS_FOR_THE_SPEAKER = re.compile(
    rf"^\W*(?:who|(?:which|what|how\s+many)\s+(?:(?!of\b)[\w-]+\s+){{0,2}}?{_PARTY})\s+(?:else\s+)?"
    rf"(?!(?:{'|'.join(DO_AUXILIARIES)})\b)"
    r"(?!(?:has|have|had|is|are|was|were)\s+(?:the\s+)?[A-Z])"
    rf"(?!{_QUALIFIED_BEFORE_A_SUBJECT})",
    re.IGNORECASE,
)
# A comparison is between the names it gives, whatever joins them ("Compare Egypt with Ethiopia").
_COMPARING = re.compile(r"\b(?:compar\w*|contrast\w*|versus|vs\b|differ\w*)", re.IGNORECASE)


def roles(question: str, spans: Sequence[tuple[int, int]], objects_from: int | None = None) -> list[Role]:
    """The role of each name at ``spans`` (character offsets in ``question``), in the given order.

    The first name not governed by a preposition speaks, with the names joined to it; a later name
    that is neither joined to the one before nor named as an author is spoken of ("What did France
    say it would pay for to help Somalia?": Somalia is the object of "help", not a second speaker).
    ``objects_from`` is where the objects of the question's verb start (``verbs.object_position``):
    a possessive there owns a thing spoken of ("have joined the EU's exchange scheme"). When the
    question asks for the party that speaks ("Which country supports Ukraine's peace formula?"),
    the names after that question phrase are spoken of, unless named as authors.
    """
    if comparing(question):
        return _comparing_roles(question, spans)
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    out: list[Role] = ["speaker"] * len(spans)
    previous: int | None = None
    speaker_seen = False
    for i in order:
        start, end = spans[i]
        before = question[max(0, start - 60) : start]
        authored = _AUTHORED.search(before) is not None
        if previous is not None and joined(question[spans[previous][1] : start]):
            out[i] = out[previous]  # "Egypt and Ethiopia": one role for the run
        elif authored:
            out[i] = "speaker"
        elif after_the_party_asked(question, start):
            out[i] = "object"  # "Which country supports Ukraine's peace formula?"
        elif _POSSESSIVE.match(question, end) and objects_from is not None and start >= objects_from:
            # "How many Georgian students have joined the EU's exchange scheme?": the scheme is what
            # the verb takes, and its owner is spoken of like the scheme.
            out[i] = "object"
        elif _POSSESSIVE.match(question, end) and not speaker_seen:
            # "What share of Georgia's territory does Russia occupy?": the preposition governs the
            # territory, which the question asks about before its verb, and the owner is whose
            # statement is asked about.
            out[i] = "speaker"
        elif _GOVERNED.search(before) is not None or speaker_seen:
            out[i] = "object"
        else:
            out[i] = "speaker"
        speaker_seen = speaker_seen or out[i] == "speaker"
        previous = i
    return out


def beside_a_held_speaker(
    question: str, spans: Sequence[tuple[int, int]], stated: Sequence[bool], held: Sequence[bool]
) -> list[bool]:
    """Which of the names stated as speakers (``verbs.speaks``) still speak once the corpus's own are known.

    A name the corpus holds, stated as the speaker, is the one whose statements are searched; a name
    the corpus lacks stated beside it is what that speaker cites or recalls, not a second speaker:
    "What did Malta say about women, according to Canada?" is Canada's statement. Names joined to a
    held speaker ("Canada and Malta said") and compared names keep speaking, and so does every stated
    name of a question no held name speaks in: "What did Peru say about Kenya?" is refused for Peru.
    """
    if comparing(question) or not any(s and h for s, h in zip(stated, held, strict=True)):
        return list(stated)
    runs: list[list[int]] = []  # names joined by "and" or a comma share a role
    for i in sorted(range(len(spans)), key=lambda i: spans[i][0]):
        if runs and joined(question[spans[runs[-1][-1]][1] : spans[i][0]]):
            runs[-1].append(i)
        else:
            runs.append([i])
    out = list(stated)
    for run in runs:
        if not any(stated[i] and held[i] for i in run):
            for i in run:
                out[i] = stated[i] and held[i]
    return out


def _comparing_roles(question: str, spans: Sequence[tuple[int, int]]) -> list[Role]:
    """A comparison is between the names it gives, whatever joins them ("Compare Egypt with Ethiopia"),
    except a name the compared ones speak about: "Compare Estonia and Latvia on support for Ukraine"
    compares two speakers, not three."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    out: list[Role] = ["speaker"] * len(spans)
    speakers = 0
    for i in order:
        before = question[max(0, spans[i][0] - 60) : spans[i][0]]
        if speakers >= 2 and _SPOKEN_OF.search(before) and not _AUTHORED.search(before):
            out[i] = "object"
        else:
            speakers += 1
    return out


def asks_for_the_speaker(question: str) -> bool:
    """Whether the question's subject asks for a party ("Which Baltic country supports ...?", "Who
    backed ...?"): the one who speaks is the answer, and no name the question gives speaks for it."""
    return _ASKS_FOR_THE_SPEAKER.match(question) is not None


def after_the_party_asked(question: str, start: int) -> bool:
    """Whether offset ``start`` comes after a question phrase asking who speaks: "Ukraine" in "Which
    countries welcomed Ukraine's proposal?" owns what the countries asked for spoke of."""
    asked = _ASKS_FOR_THE_SPEAKER.match(question)
    return asked is not None and start >= asked.end()


def comparing(question: str) -> bool:
    """Whether the question compares the names it gives ("Compare ...", "How do X and Y differ ...")."""
    return _COMPARING.search(question) is not None


def joined(between: str) -> bool:
    """Whether the text between two names joins them ("Ghana and Kenya", "Ghana, the Sudan")."""
    return bool(_JOINED.match(between))
