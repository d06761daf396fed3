"""One analysis of a question: the entities it names, its time expressions, its type and its topic.

Made once per turn, carried between turns as data (a follow-up inherits fields, not rewritten
text) and handed to the search, which turns it into filters (``planning.py``). Entities are
matched as phrases: a name the corpus does not hold counts as "mentioned" (a partner such as
"the European Union", ranked on as a topic) only when the phrase occurs in the text, not when
each of its words occurs somewhere ("United Nations Children's Fund").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from indexer.action_lines import action_lines_in_query
from indexer.entities import country_adjectives, country_peoples
from indexer.keyword import analyze as analyze_words
from qa_service.retrieval import verbs
from qa_service.retrieval import years as time_words
from qa_service.retrieval.catalog import Catalog, fold_name
from qa_service.retrieval.event_clauses import dates_an_event
from qa_service.retrieval.longer_names import inside_a_longer_name
from qa_service.retrieval.passive_clauses import dates_a_passive_event
from qa_service.retrieval.question_types import (
    MULTI_DOCUMENT_TYPES,
    QuestionType,
    asks_one_thing,
    question_type,
    strip_meta_words,
)
from qa_service.retrieval.roles import Role, asks_for_the_speaker, beside_a_held_speaker, comparing, joined, roles
from qa_service.retrieval.years import TimeExpression

PhraseCheck = Callable[[str], bool]  # does the corpus text contain this phrase?


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    surface: str  # as written: "WHO", "Ghana", "the United Nations Development Programme"
    start: int
    end: int
    role: Role = "speaker"  # "object": what the question asks about ("for Somalia"), not who speaks
    stated: bool = False  # named as who says or commits by a verb ("What did Italy say"): a speaker outright


@dataclass
class QuestionAnalysis:
    question: str
    entities: list[EntityMention] = field(default_factory=list)  # corpus entities the question is about
    absent_entities: list[EntityMention] = field(default_factory=list)  # named, neither held nor in the text
    topic_entities: list[EntityMention] = field(default_factory=list)  # not held, but the text names them
    # Held, but spoken of by the entity that speaks ("What did France say about Somalia?"): ranked as topic.
    object_entities: list[EntityMention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    question_type: QuestionType = "factoid"
    action_lines: tuple[str, ...] = ()
    topic: str = ""  # what is ranked: the question without entity names, document years and meta words

    @property
    def entity_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.entity_id for m in self.entities))

    @property
    def absent_entity_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.entity_id for m in self.absent_entities))

    @property
    def document_times(self) -> list[TimeExpression]:
        """The time expressions that may select documents (not target or topic years)."""
        return [t for t in self.times if t.role != "topic"]

    @property
    def multi_document(self) -> bool:
        return self.question_type in MULTI_DOCUMENT_TYPES

    @property
    def ranking_text(self) -> str:
        return self.topic if re.search(r"\w", self.topic) else self.question


def analyze(question: str, catalog: Catalog, mentioned: PhraseCheck) -> QuestionAnalysis:
    """Read ``question`` against the corpus catalog; ``mentioned(phrase)`` checks the corpus text."""
    found = _mentions(question, catalog, mentioned)
    objects_from = verbs.object_position(question, [(m.start, m.end) for m in found])
    # "the Kenyan president" speaks; "Russian tourists" are spoken of, and take no part in the roles.
    things = [m for m in found if _adjective_of_a_thing(question, m)]
    found = [m for m in found if m not in things]
    # "According to the IMF figures Kenya cited ...": an absent name beside a held speaker is spoken of.
    spans, held_ids = [(m.start, m.end) for m in found], catalog.corpus_entity_ids
    voiced = beside_a_held_speaker(question, spans, [m.stated for m in found], [m.entity_id in held_ids for m in found])
    found = [replace(m, stated=speaks) for m, speaks in zip(found, voiced, strict=True)]
    mentions = [replace(m, role=r) for m, r in zip(found, _roles(question, found, objects_from), strict=True)]
    if comparing(question):  # every compared name speaks; a name they speak of is only a topic
        mentions = [replace(m, stated=m.role == "speaker") for m in mentions]
    mentions = sorted([*mentions, *(replace(m, role="object", stated=False) for m in things)], key=lambda m: m.start)
    held: list[EntityMention] = []
    objects: list[EntityMention] = []  # held, but what is talked about ("say about Somalia")
    absent: list[EntityMention] = []
    topical: list[EntityMention] = []
    for mention in mentions:
        if mention.entity_id in catalog.corpus_entity_ids:
            (held if mention.role == "speaker" else objects).append(mention)
        elif not mention.stated and mentioned(mention.surface):  # a speaker is absent even if others name it
            topical.append(mention)
        else:
            absent.append(mention)
    times = time_words.parse(question)
    has_range = any(t.role == "range" for t in times)
    if held:
        # "UNDP's work with WHO": the corpus entity is the subject, WHO a topic; but in "Compare
        # Italy and Norway" Italy speaks, and the answer must say the corpus has nothing from it.
        absent = [m for m in absent if m.stated]
    speakers = {m.entity_id for m in held} | {m.entity_id for m in absent if m.stated}
    kind = question_type(question, len(speakers), has_range)
    names = [(m.start, m.end) for m in mentions]
    if kind in ("listing", "counting") and any(m.stated for m in held):
        kind = "factoid"  # "How many countries condemned the war, as Germany recalled?": what Germany said
    if (
        kind == "factoid"
        and len(speakers) == 1
        and has_range
        and not asks_one_thing(question)  # "Which body ... for 2022-2024?", "How much ... since 2019?"
        and verbs.year_reading(question, names) == "document"
    ):
        kind = "evolution"  # "What did Bangladesh say about the Rohingya before 2021?": what each year said
    if objects and not held and not absent and kind not in MULTI_DOCUMENT_TYPES and _alone(question, objects, topical):
        # "What happened in Somalia?": no one else speaks, its documents answer (a follow-up still
        # keeps the speaker carried from before: conversation._keep_speaker). Two parties spoken of
        # ("How many Georgian students have joined the EU's exchange scheme?") single out no one's
        # statements, nor does a question asking who speaks: every document is searched, ranked on the names.
        held, objects = objects, []
    if kind == "factoid":
        times = _read_against_the_verb(question, times, names)
    # A people stays in the ranked text when it selects its country's statements: "60 million Germans" is
    # what "How many Germans ..." counts, not who speaks.
    removed = [(m.start, m.end) for m in (*held, *absent) if m.surface not in country_peoples()]
    removed += [(t.start, t.end) for t in times if t.role in ("document", "range")]
    removed += verbs.statement_frames(question)
    # "How much is UNDP deploying?": "much" asks for the amount; as a topic word it is one the answer
    # ("deploy $500 million") never holds, and half the question's IDF mass.
    removed += [m.span() for m in _HOW_MUCH.finditer(question)]
    topic = remove_spans(question, removed)
    if topical and not analyze_words(remove_spans(question, removed + [(m.start, m.end) for m in topical])):
        # "What is UNCTAD?": a name asked about alone is also ranked by its full name, which the text
        # may spell out where the acronym is not ("the United Nations Conference on Trade and Development").
        spelled = dict.fromkeys(catalog.names.display.get(m.entity_id, "") for m in topical)
        topic = " ".join([topic, *(n for n in spelled if n and fold_name(n) not in fold_name(question))])
    if kind in MULTI_DOCUMENT_TYPES or kind == "summary":
        topic = strip_meta_words(topic, kind)
    lines = tuple(action_lines_in_query(question))
    return QuestionAnalysis(question, held, absent, topical, objects, times, kind, lines, topic)


# What a country's adjective must qualify to name its speaker: "the Kenyan president", "the German government".
_SPEAKER_AFTER_ADJECTIVE = re.compile(
    r"\s+(?:president|prime\s+minister|(?:foreign\s+)?minister|government|delegation|statement|speech|address|"
    r"leaders?|leadership|representatives?|chancellor|king|queen|emir|authorities|head\s+of\s+state|"
    r"position|view|remarks|side|officials?|diplomats?|envoy|ambassador)\b",
    re.IGNORECASE,
)


def _alone(question: str, objects: list[EntityMention], topical: list[EntityMention]) -> bool:
    """Whether the names spoken of are one party (the corpus's or one it only mentions) and the question
    does not ask who speaks of it ("Which country supports Ukraine's peace formula?")."""
    return len({m.entity_id for m in (*objects, *topical)}) == 1 and not asks_for_the_speaker(question)


def _adjective_of_a_thing(question: str, mention: EntityMention) -> bool:
    """Whether the mention is a country's adjective qualifying something other than its speaker, or its
    people ("How many Syrians did Germany take in?": what is counted; named alone, its statements still
    answer, as for any single party spoken of)."""
    if mention.surface in country_peoples():
        return True
    if mention.surface not in country_adjectives():
        return False
    return not _SPEAKER_AFTER_ADJECTIVE.match(question, mention.end)


# The words that ask for an amount, not what it is of: "how much (money)", "how many", "what amount/sum (of)".
_HOW_MUCH = re.compile(
    r"\bhow\s+(?:much(?:\s+money)?|many)\b|\bwhat\s+(?:amount|sum)(?:\s+of(?:\s+money)?)?\b", re.IGNORECASE
)


def _read_against_the_verb(
    question: str, times: list[TimeExpression], names: list[tuple[int, int]]
) -> list[TimeExpression]:
    """Document years and ranges of a question whose verb is not about its documents.

    "Which conference did Kenya host in 2018?" asks when something happened, and "What was Ghana's
    poverty rate in 2006?" dates a value (``years.dates_a_value``): the year is read like a bare one
    (that year's statement when the entity has one, else a topic year its texts may mention). A
    range of an event or a value ("growth between 2017 and 2020") is a topic: a later statement
    tells it; so is the object of the question's verb ("declare 2019 the Year of Return"). A year after
    the verb of a relative clause of creating ("the climate trust it set up in 2009", ``event_clauses``)
    or after a passive verb ("was pledged in Copenhagen in 2009", ``passive_clauses``) dates that event
    whatever the question's verb, and is read like a bare one. So is a year after a noun in a keyword
    query, which has no verb ("Bangladesh's poverty rate in 2006" asks what "Bangladesh poverty rate
    2006" does), unless a document noun makes it the statement's ("Norway speech in 2013").
    """
    reading = verbs.year_reading(question, names)
    keywords = verbs.keyword_query(question, names)
    # "What happened to Albania in 2019, according to its 2020 speech?": the year a document noun names is the
    # statement's; another one dates what happened, whatever the question's verb.
    stated = [t for t in times if t.role == "document" and time_words.names_the_document(question, t)]
    out = []
    for time in times:
        if stated and time not in stated and time.role == "document":
            out.append(replace(time, role="bare"))
            continue
        if time.role == "bare" and verbs.object_of_a_verb(question, time.start, names):
            time = replace(time, role="topic")  # "What did Ghana declare 2019 to be?"
        elif time.role == "document" and dates_an_event(question, time):
            time = replace(time, role="bare")  # "the climate trust it set up in 2009"
        elif time.role == "document" and dates_a_passive_event(question, time, names):
            time = replace(time, role="bare")  # "How much was pledged in Copenhagen in 2009, according to X?"
        elif time.role == "document" and keywords:
            time = replace(time, role="bare")  # "Bangladesh's poverty rate in 2006", as "Bangladesh poverty rate 2006"
        elif reading == "document":
            pass
        elif time.role == "range":
            time = replace(time, role="topic")
        elif time.role == "document" and (reading == "event" or time_words.dates_a_value(question, time)):
            time = replace(time, role="bare")  # "in 2005" of "What had the poverty rate been in 2005?"
        out.append(time)
    return out


def _mentions(question: str, catalog: Catalog, mentioned: PhraseCheck) -> list[EntityMention]:
    """Every entity or country named, longest name first ("Democratic People's Republic of Korea"),
    but not a name that is a word of a longer proper name ("the South China Sea", "Lake Chad")."""
    names = catalog.names
    if names.pattern is None:
        return []
    found = []
    for match in names.pattern.finditer(question):
        surface = match.group(1)
        eid = names.acronyms.get(surface) or names.by_name.get(fold_name(surface))
        if eid is not None:  # None: e.g. "who" in lower case is a question word, not WHO
            found.append((eid, surface, *match.span()))
    spans = [(start, end) for _, _, start, end in found]
    return [
        EntityMention(eid, surface, start, end, stated=verbs.speaks(question, start, end))
        for eid, surface, start, end in found
        if not inside_a_longer_name(question, start, end, [s for s in spans if s != (start, end)], mentioned)
    ]


def _roles(question: str, mentions: list[EntityMention], objects_from: int | None) -> list[Role]:
    """Which names speak. A verb of saying names its subject outright (", as Germany recalled"),
    and the names joined to it speak too; without one, the first name not governed by a
    preposition speaks (``roles.roles``)."""
    spans = [(m.start, m.end) for m in mentions]
    if any(m.stated for m in mentions) and not comparing(question):
        out = [m.stated for m in mentions]
        for i in range(1, len(mentions)):  # "Ghana and Kenya said": one role for the run
            if joined(question[mentions[i - 1].end : mentions[i].start]):
                out[i] = out[i - 1] = out[i] or out[i - 1]
        for i in range(len(mentions) - 2, -1, -1):
            if joined(question[mentions[i].end : mentions[i + 1].start]):
                out[i] = out[i] or out[i + 1]
        return ["speaker" if speaks else "object" for speaks in out]
    return roles(question, spans, objects_from)


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the given spans, white space folded."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start >= cursor:
            out.append(text[cursor:start])
            cursor = end
    out.append(text[cursor:])
    return " ".join("".join(out).split())
