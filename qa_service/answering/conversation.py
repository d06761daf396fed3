"""Follow-up questions resolved against earlier user turns (the server keeps no state).

Each user turn is read with the same query understanding as search (entity, year, topic
words). A turn is a follow-up when it points back ("they", "it", "this"), is elliptical
("What about e-health?", "And in 2020?"), is a terse factoid naming no entity or year ("How much
was promised?") or has nothing of its own to search for. A
follow-up inherits what it lacks from the previous resolved turn: the entity and year
when it names none, the topic when it points at one ("it") or has none. Elliptical turns
substitute into the previous question ("What did UNDP do on disinformation in 2021?" +
"What about e-health?" -> "What did UNDP do on e-health in 2021?"); other follow-ups get the
carried context written into them ("Who did they build it with?" -> "Who did UNDP build it
with, on disinformation in 2021?"). That text is what the user is shown; what is searched is
the turn's own analysis with the inherited fields (entities, time expressions, topic, question
type), carried as data so that "And since 2019?" keeps its operator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from indexer.keyword import analyze
from qa_service.answering.abstain import topic_words
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.question import QuestionAnalysis
from qa_service.retrieval.question_types import MULTI_DOCUMENT_TYPES, asks_which_years, strip_meta_words
from qa_service.retrieval.relative_years import written_out
from qa_service.retrieval.years import DOCUMENT_NOUNS, TimeExpression

ENTITY_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its", "this", "these", "those", "such", "same"})
# "that" and "there" point back only in some positions: not "the tool that ..." nor "are there".
_POINTING = re.compile(
    r"\b(?:about|of|on|for|with|from|in|to)\s+that\b"  # "more on that"
    r"|\bthat\s*(?:[?.!,]|$|(?:with|for|in|on|to|from|by|and)\b)"  # "who funded that?", "build that with"
    r"|\bthere\s*(?:[?.!,]|$)",  # "who worked there?"
    re.IGNORECASE,
)
_EXISTENTIAL = re.compile(r"\b(?:is|are|was|were|be)\s+there\b", re.IGNORECASE)
# "the tool", "the programme": a definite, generic noun with no name of its own points at something
# the conversation already named (only in a turn that names no entity).
_DEFINITE_THING = re.compile(
    r"\bthe\s+(?:tool|tools|platform|programme|program|initiative|project|facility|network|framework|mechanism|"
    r"system|solution|partnership|fund|app|application|campaign|scheme|plan|strategy|effort|labs?|service|model)\b"
    r"(?!\s+(?:of|for|on|to|called|named)\b)",
)
# Words that carry no topic in a conversation, beyond the search stop words.
_CHATTER = frozenset(
    ["them", "those", "he", "she", "him", "his", "her", "else", "more", "tell", "me", "please", "explain"]
    + ["detail", "details", "elaborate", "again", "same", "other", "others", "also", "further", "expand", "give"]
    + ["example", "examples"]
)
# "according to its 2017 speech" says where an answer is read, not what it is about: carried on, such
# words would show as "on oil producing per day according speech".
_SOURCE_WORDS = DOCUMENT_NOUNS | {"according"}
_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|also|so|what about|how about|and what about|and how about|what of|same for|same question for)\b",
    re.IGNORECASE,
)
_ELLIPSIS_HEAD = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+|^\s*(?:and|but|also|so)\s+", re.IGNORECASE)
# After "and", a question of its own ("And what was it in March 2016?", "And when are its elections?"):
# it follows up, but does not stand for a part of the question before ("And Italy?", "What about 2019?").
_OWN_QUESTION = re.compile(
    r"(?:(?:with|in|for|from|to|by|at|on|of|since|until)\s+)?"  # "And with how many States ...?"
    r"(?:what|when|where|who|whom|whose|which|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|"
    r"would|should)\b",
    re.IGNORECASE,
)
_CONJUNCTION_HEAD = re.compile(r"^\s*(?:and|but|also|so)\s+(?=\w)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
TERSE_TOPIC_WORDS = 2  # a turn with this few topic words of its own, and no name or year, is a follow-up


class Analyzer(Protocol):
    """What resolution needs of the served index: its catalog and its one question analysis."""

    catalog: Catalog

    def analyze(self, question: str) -> QuestionAnalysis: ...


@dataclass
class Resolution:
    question: str  # the resolved question as shown to the user
    original: str
    followup: bool = False
    carried: dict[str, object] = field(default_factory=dict)
    analysis: QuestionAnalysis | None = None  # what is searched: the turn's analysis with what it inherited

    @property
    def searched(self) -> QuestionAnalysis:
        assert self.analysis is not None
        return self.analysis


def resolve(user_turns: Sequence[str], index: Analyzer) -> Resolution:
    """Resolve the last of ``user_turns`` against the ones before it (each resolved in turn)."""
    if not user_turns:
        raise ValueError("no user turn")
    resolution: Resolution | None = None
    for turn in user_turns:
        resolution = resolve_turn(turn, resolution, index)
    assert resolution is not None
    return resolution


def resolve_turn(typed: str, previous: Resolution | None, index: Analyzer) -> Resolution:
    # "the following year" names the year after the one the turn before chose: read it as that year.
    question = typed if previous is None else written_out(typed, _years(previous.searched.document_times))
    if previous is not None:
        question = _same_figure_asked(question)
    analysed = index.analyze(question)
    own = analysed if _names_only(question, analysed) else _keep_speaker(analysed, previous)
    words = {w.lower() for w in re.findall(r"\w+", question)}
    own_topic = _topic_words(own)
    names_entity = bool(own.entities or own.absent_entities)
    names_year = bool(own.document_times)
    points_at_entity = bool(words & ENTITY_PRONOUNS)
    points_at_thing = bool(words & THING_PRONOUNS) or bool(_POINTING.search(_EXISTENTIAL.sub(" ", question)))
    points_at_thing = points_at_thing or (not names_entity and bool(_DEFINITE_THING.search(question)))
    elliptical = bool(_ELLIPSIS.match(question))
    own_question = elliptical and _asks_on_its_own(question)
    # "How much was promised?", "Who brokered the deal?": a short factoid that names nothing of its own
    # (no entity, year or proper name: "What is the CSTD?" stands alone) is asked in the conversation's frame.
    # A capital names a thing, not the one a question opens with ("Since when?").
    proper = {m.group(0) for m in re.finditer(r"\w+", question) if m.start() > 0 and m.group(0)[:1].isupper()}
    names_thing = any(w in proper or any(c.isupper() for c in w[1:]) for w in own_topic) or bool(own.topic_entities)
    terse = (
        len(own_topic) <= TERSE_TOPIC_WORDS
        and own.question_type == "factoid"
        and not (names_entity or names_year or names_thing)
    )
    followup = previous is not None and (
        points_at_entity or points_at_thing or elliptical or terse or not (own_topic or names_entity or names_year)
    )
    if previous is None or not followup:
        return Resolution(question, typed, analysis=own)
    before = previous.searched
    before_topic = _topic_words(before)
    carried: dict[str, object] = {}
    merged = replace(own)
    if not names_entity and (before.entities or before.absent_entities):
        merged.entities, merged.absent_entities = before.entities, before.absent_entities
        carried["entity"] = _labels(before)
    # "Which years?" asks over every statement of the entity: a year the turn before chose is not carried.
    if not names_year and before.document_times and not asks_which_years(question):
        merged.times = [*own.times, *before.document_times]
        carried["year"] = [min(_years(before.document_times)), max(_years(before.document_times))]
    # "they" after "What are the UNDP Accelerator Labs?" means the Labs, not UNDP: a plural topic
    # is what a plural pronoun most likely points at.
    plural_name = _plural_name(before_topic) if points_at_entity else []
    if (points_at_thing or terse or not own_topic or plural_name) and before_topic:
        carried["topic"] = before_topic
    asks_another_type = own.question_type not in ("factoid", before.question_type)
    if not (own_topic or names_entity or names_year or points_at_thing or points_at_entity or asks_another_type):
        # "Tell me more", "Why?": nothing new to search for; the previous question is the question.
        return Resolution(previous.question, typed, True, carried, before)
    if elliptical or not own_topic:
        # "Which years?" after "What did Norway say about oceans?": the same entity and topic, its own type.
        merged.question_type = before.question_type if own.question_type == "factoid" else own.question_type
    if elliptical and own_topic and not own_question:
        merged.topic = _ELLIPSIS_HEAD.sub("", own.topic)
    elif "topic" in carried:
        own_text = _ELLIPSIS_HEAD.sub("", own.topic)
        if plural_name:
            own_text = re.sub(r"\b(?:they|them|their)\b", " ".join(plural_name), own_text, flags=re.IGNORECASE)
        merged.topic = " ".join(f"{own_text} {before.topic}".split())
    if merged.question_type != before.question_type and merged.question_type in (*MULTI_DOCUMENT_TYPES, "summary"):
        merged.topic = strip_meta_words(merged.topic, merged.question_type)  # the carried "What did ... say"
    merged.action_lines = own.action_lines or before.action_lines
    substituted = elliptical and not own_question
    shown = _substitute(question, previous, own, own_topic, index.catalog) if substituted else None
    if shown is not None and names_year:
        merged = _years_as_continued(merged, index.analyze(shown))
    if shown is None:
        shown = _annotate(question, previous, carried, points_at_entity, plural_name)
    return Resolution(shown, typed, True, carried, merged)


def _asks_on_its_own(question: str) -> bool:
    """ "And when are its elections?": a conjunction, then a question of its own (not "And WHO?")."""
    head = _CONJUNCTION_HEAD.match(question)
    rest = question[head.end() :] if head else ""
    word = _OWN_QUESTION.match(rest)
    return word is not None and not word.group(0).isupper() and len(rest.split()) > 1


def _years_as_continued(merged: QuestionAnalysis, continued: QuestionAnalysis) -> QuestionAnalysis:
    """ "And in 2006?" after "What was Bangladesh's poverty rate in 2022?" asks the rate of 2006: its
    year takes the role it has in the question it continues, a value's year (searched as a word of the
    topic when no statement of that year is held), not the statement year "in 2006" alone reads as."""
    roles = {t.years: t.role for t in continued.times}
    times = [replace(t, role=roles.get(t.years, t.role)) for t in merged.times]
    words = [
        str(y)
        for new, old in zip(times, merged.times, strict=True)
        if new.role != old.role and new.role not in ("document", "range")  # a statement's year is a filter, no word
        for y in new.years
    ]
    return replace(merged, times=times, topic=" ".join([merged.topic, *words]))


# "What figure did it give the following year?": the question before, asked of another year or party.
_SAME_FIGURE = re.compile(
    r"^\s*(?:and\s+)?(?:what|which)\s+(?:figure|number|amount|total|count|estimate)s?\s+(?:did|does|do|has|had)\s+"
    r"(?:it|they|he|she)\s+(?:give|report|cite|mention|state|quote|put\s+forward)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _same_figure_asked(question: str) -> str:
    """ "What figure did it give in 2020?" read as "And in 2020?": it asks the figure the question before asked
    for, of what follows (a year, a party, a topic: "for unemployment"); unchanged when nothing does."""
    match = _SAME_FIGURE.match(question)
    rest = match.group("rest").strip() if match else ""
    return f"And {rest}" if rest and re.search(r"\w", rest) else question


def _names_only(question: str, analysis: QuestionAnalysis) -> bool:
    """ "What about Albania?", "And Italy in 2020?": an ellipsis naming only parties (and years), whose party
    takes the place of the one before as who speaks, though "about" reads it as what is spoken of."""
    head = _ELLIPSIS_HEAD.match(question)
    mentions = [*analysis.entities, *analysis.object_entities, *analysis.absent_entities]
    if head is None or not mentions:
        return False
    rest = question[head.end() :]
    for mention in sorted(mentions, key=lambda m: -m.start):
        if mention.start >= head.end():
            rest = rest[: mention.start - head.end()] + " " + rest[mention.end - head.end() :]
    return not re.sub(r"\b(?:and|or|in|for|the|(?:19|20)\d{2})\b|[^\w]", " ", rest, flags=re.IGNORECASE).strip()


def _keep_speaker(own: QuestionAnalysis, previous: Resolution | None) -> QuestionAnalysis:
    """A turn that names a corpus entity only as what is spoken of ("And what will it fund for
    Somalia?") does not replace who spoke in the turn before: the name becomes topic."""
    if previous is None or not previous.searched.entities or own.absent_entities or not own.entities:
        return own
    if any(m.role == "speaker" for m in own.entities):
        return own
    topic = " ".join([own.topic, *(m.surface for m in own.entities)])
    return replace(own, entities=[], object_entities=[*own.object_entities, *own.entities], topic=topic)


def _topic_words(analysis: QuestionAnalysis) -> list[str]:
    return [
        w
        for w in topic_words(analysis.topic)
        if w.lower() not in _CHATTER and w.lower() not in _SOURCE_WORDS and not _YEAR.fullmatch(w)
    ]


def _labels(analysis: QuestionAnalysis) -> list[str]:
    """The entity names as the user wrote them ("WHO", "Ghana"): written back, they parse the same way."""
    return list(dict.fromkeys(m.surface for m in (*analysis.entities, *analysis.absent_entities)))


def _years(times: Sequence[TimeExpression]) -> list[int]:
    return [y for t in times for y in t.years]


def _time_text(times: Sequence[TimeExpression]) -> str:
    """How the time expressions read in a question: "in 2021", "since 2019", "in 2019 and 2021"."""
    parts = []
    for time in times:
        parts.append(f"in {time.text}" if time.role in ("bare", "document") and time.text[:1].isdigit() else time.text)
    return " and ".join(parts)


def _substitute(
    question: str, previous: Resolution, own: QuestionAnalysis, own_topic: list[str], catalog: Catalog
) -> str | None:
    """'What about X?' -> the previous question shown with X in place of its entity, year or topic."""
    rest = _ELLIPSIS_HEAD.sub("", question).strip().rstrip("?.! ")
    if not rest:
        return None
    before = previous.question
    old_entities = _labels(previous.searched)
    new_entities = _labels(own)
    if new_entities and old_entities:
        out = before
        for old in old_entities:
            out = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", " and ".join(new_entities), out, count=1)
        before = out if out != previous.question else before
        rest = _strip_names(rest, catalog)
    if own.document_times:
        new_time = _time_text(own.document_times)
        old_time = _time_text(previous.searched.document_times)
        old_years, new_years = _years(previous.searched.document_times), _years(own.document_times)
        if old_time and old_time in before:
            before = before.replace(old_time, new_time, 1)
        elif len(old_years) == len(new_years) == 1 and len(re.findall(rf"\b{old_years[0]}\b", before)) == 1:
            before = re.sub(rf"\b{old_years[0]}\b", str(new_years[0]), before)  # "Turkey's 2019 speech"
        else:  # the previous question had no year: add this one
            before = f"{before.rstrip('?.! ')} {new_time}?"
        for time in own.document_times:
            rest = rest.replace(time.text, " ")
        rest = " ".join(_YEAR.sub(" ", rest).split())
    if own_topic and (before_topic := _topic_words(previous.searched)):
        span = _phrase_span(before, before_topic)
        if span is None:
            return None
        before = before[: span[0]] + rest + before[span[1] :]
    elif rest and not (new_entities or own.document_times):
        return None
    return before if before != previous.question else None


def _strip_names(text: str, catalog: Catalog) -> str:
    if catalog.names.pattern is None:
        return text
    return " ".join(catalog.names.pattern.sub("", text).split())


def _phrase_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """Span from the first to the last of ``words`` in ``text`` when they appear in that order."""
    cursor, first, last = 0, -1, -1
    for word in words:
        match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text[cursor:])
        if match is None:
            return None
        start, end = cursor + match.start(), cursor + match.end()
        first = start if first < 0 else first
        last, cursor = end, end
    return (first, last) if first >= 0 else None


def _plural_name(topic: list[str]) -> list[str]:
    """The name a topic ends with when it is plural ("Accelerator Labs", "MSMEs"), else [].

    Only capitalised runs count: topic words are a bag ("framework develop cities"), and a
    lower-case plural at its end is rarely what "they" stands for.
    """
    run: list[str] = []
    for word in reversed(topic):
        if not word[:1].isupper():
            break
        run.insert(0, word)
    last = run[-1] if run else ""
    plural = len(last) > 3 and last.endswith("s") and not last.lower().endswith(("ss", "us", "is"))
    return run if plural else []


def _annotate(
    question: str, previous: Resolution, carried: dict[str, object], points_at_entity: bool, plural_name: list[str]
) -> str:
    """Write what was carried into the question: pronouns for the entity (or a plural topic), a
    trailing clause for the rest."""
    text = _CONJUNCTION_HEAD.sub("", question.strip())
    text = text[:1].upper() + text[1:]
    entities = _labels(previous.searched) if "entity" in carried else []
    label = " and ".join(entities)
    if plural_name:
        label = " ".join([label, *plural_name]).strip()
    parts: list[str] = []
    if label and points_at_entity:
        text = re.sub(r"\btheir\b", f"{label}'s", text, flags=re.IGNORECASE)
        text = re.sub(r"\b(?:they|them)\b", label, text, flags=re.IGNORECASE)
    elif entities:
        parts.append(f"for {label}")
    if "topic" in carried and not plural_name:
        parts.append("on " + " ".join(_topic_words(previous.searched)))
    if "year" in carried:
        parts.append(_time_text(previous.searched.document_times))
    if not parts:
        return text
    return f"{text.rstrip('?.! ')}, {' '.join(parts)}?"


FOLLOWUP_OWN_WEIGHT = 2.0  # a follow-up's own words weigh this much more than the words it carries


def own_words_first(resolution: Resolution, terms: dict[str, float]) -> dict[str, float]:
    """A follow-up that asks something of its own ("Which part of its implementation has been delayed?" after
    "Which agreement ended the conflict?") is answered by a sentence holding its own words; the words carried
    from the turns before find the passage, and weighed alike they pick the sentence that answered before.
    The weights feed every overlap of the turn (the scorer's feature, the restatement and off-topic cuts), which
    were calibrated on single questions: measured on the suites' follow-ups, not calibrated on them."""
    if not resolution.followup:
        return terms
    own = set(analyze(resolution.original)) & set(terms)
    if len(own) < 2:  # a terse follow-up ("And in 2021?", "Who funded it?") is asked in the conversation's frame
        return terms
    return {t: w * FOLLOWUP_OWN_WEIGHT if t in own else w for t, w in terms.items()}
