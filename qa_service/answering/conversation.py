"""Follow-up questions resolved against earlier user turns (the server keeps no state).

Each user turn is read with the same query understanding as search (entity, year, topic
words). A turn is a follow-up when it points back ("they", "it", "this"), is elliptical
("What about e-health?", "And in 2020?") or has nothing of its own to search for. A
follow-up inherits what it lacks from the previous resolved turn: the entity and year
when it names none, the topic when it points at one ("it") or has none. Elliptical turns
substitute into the previous question ("What did UNDP do on disinformation in 2021?" +
"What about e-health?" -> "What did UNDP do on e-health in 2021?"); other follow-ups get the
carried context written into them ("Who did they build it with?" -> "Who did UNDP build it
with, on disinformation in 2021?"). The resolved text is searched like any question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qa_service.answering.abstain import topic_words
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.understanding import Understanding, understand

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
# Words that carry no topic in a conversation, beyond the search stop words.
_CHATTER = frozenset(
    ["them", "those", "he", "she", "him", "his", "her", "else", "more", "tell", "me", "please", "explain"]
    + ["detail", "details", "elaborate", "again", "same", "other", "others", "also", "further", "expand", "give"]
    + ["example", "examples"]
)
_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|also|so|what about|how about|and what about|and how about|what of|same for|same question for)\b",
    re.IGNORECASE,
)
_ELLIPSIS_HEAD = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+|^\s*(?:and|but|also|so)\s+", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
Mentioned = Callable[[str], bool]


@dataclass
class Context:
    """What a resolved turn offers the next one."""

    question: str
    entities: list[str] = field(default_factory=list)  # labels as they can be written back into a question
    years: tuple[int, int] | None = None
    topic: list[str] = field(default_factory=list)


@dataclass
class Resolution:
    question: str  # the resolved question: what is searched and shown
    original: str
    followup: bool = False
    carried: dict[str, object] = field(default_factory=dict)


def resolve(user_turns: Sequence[str], catalog: Catalog, mentioned: Mentioned) -> Resolution:
    """Resolve the last of ``user_turns`` against the ones before it (each resolved in turn)."""
    if not user_turns:
        raise ValueError("no user turn")
    context: Context | None = None
    resolution = Resolution(user_turns[0], user_turns[0])
    for turn in user_turns:
        resolution = resolve_turn(turn, context, catalog, mentioned)
        context = _context(resolution.question, catalog, mentioned)
    return resolution


def resolve_turn(question: str, previous: Context | None, catalog: Catalog, mentioned: Mentioned) -> Resolution:
    parsed = understand(question, catalog, mentioned)
    words = {w.lower() for w in re.findall(r"\w+", question)}
    own_topic = [w for w in topic_words(parsed.ranking_text) if w.lower() not in _CHATTER and not _YEAR.fullmatch(w)]
    names_entity = bool(parsed.implied.entities or parsed.absent_entities)
    names_year = bool(_YEAR.search(question))
    points_at_entity = bool(words & ENTITY_PRONOUNS)
    points_at_thing = bool(words & THING_PRONOUNS) or bool(_POINTING.search(_EXISTENTIAL.sub(" ", question)))
    elliptical = bool(_ELLIPSIS.match(question))
    followup = previous is not None and (
        points_at_entity or points_at_thing or elliptical or not (own_topic or names_entity or names_year)
    )
    if previous is None or not followup:
        return Resolution(question, question)
    carried: dict[str, object] = {}
    if not names_entity and previous.entities:
        carried["entity"] = previous.entities
    if not names_year and previous.years:
        carried["year"] = list(previous.years)
    # "they" after "What are the UNDP Accelerator Labs?" means the Labs, not UNDP: a plural topic
    # is what a plural pronoun most likely points at.
    plural_name = _plural_name(previous.topic) if points_at_entity else []
    if (points_at_thing or not own_topic or plural_name) and previous.topic:
        carried["topic"] = previous.topic
    resolved = None
    if not (own_topic or names_entity or names_year or points_at_thing or points_at_entity):
        # "Tell me more", "Why?": nothing new to search for; the previous question is the question.
        return Resolution(previous.question, question, True, carried)
    if elliptical:
        resolved = _substitute(question, previous, parsed, own_topic, catalog)
    if resolved is None:
        resolved = _annotate(question, previous, carried, points_at_entity, plural_name)
    return Resolution(resolved, question, True, carried)


def _context(question: str, catalog: Catalog, mentioned: Mentioned) -> Context:
    parsed = understand(question, catalog, mentioned)
    labels = _surfaces(question, catalog, {*parsed.implied.entities, *parsed.absent_entities})
    years = None
    if parsed.implied.year_min is not None and parsed.implied.year_max is not None:
        years = (parsed.implied.year_min, parsed.implied.year_max)
    elif parsed.absent_years:
        years = (min(parsed.absent_years), max(parsed.absent_years))
    topic = [w for w in topic_words(parsed.ranking_text) if w.lower() not in _CHATTER and not _YEAR.fullmatch(w)]
    return Context(question, labels, years, topic)


def _surfaces(question: str, catalog: Catalog, ids: set[str]) -> list[str]:
    """The entity names as the user wrote them ("WHO", "Ghana"): written back, they parse the same way."""
    names = catalog.names
    out: list[str] = []
    if names.pattern is None or not ids:
        return out
    for match in names.pattern.finditer(question):
        surface = match.group(1)
        eid = names.acronyms.get(surface) or names.by_name.get(" ".join(surface.lower().split()))
        if eid in ids and surface not in out:
            out.append(surface)
    return out


def _year_text(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}\u2013{years[1]}"


def _substitute(
    question: str, previous: Context, parsed: Understanding, own_topic: list[str], catalog: Catalog
) -> str | None:
    """'What about X?' -> the previous question with X in place of its entity, year or topic."""
    rest = _ELLIPSIS_HEAD.sub("", question).strip().rstrip("?.! ")
    if not rest:
        return None
    before = previous.question
    new_entities = _surfaces(question, catalog, {*parsed.implied.entities, *parsed.absent_entities})
    if new_entities and previous.entities:
        out = before
        for old in previous.entities:
            out = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", " and ".join(new_entities), out, count=1)
        before = out if out != previous.question else before
        rest = _strip_names(rest, catalog)
    years = _YEAR.findall(question)
    if years:
        old_year = _year_text(previous.years) if previous.years else None
        if old_year and old_year in before:
            before = before.replace(old_year, " and ".join(years), 1)
        else:  # the previous question had no year: add this one
            before = f"{before.rstrip('?.! ')} in {' and '.join(years)}?"
        rest = _YEAR.sub("", re.sub(r"\b(?:in|for|during)\s+(?=(?:19|20)\d{2}\b)", "", rest)).strip()
    if own_topic and previous.topic:
        span = _phrase_span(before, previous.topic)
        if span is None:
            return None
        before = before[: span[0]] + rest + before[span[1] :]
    elif rest and not (new_entities or years):
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
    question: str, previous: Context, carried: dict[str, object], points_at_entity: bool, plural_name: list[str]
) -> str:
    """Write what was carried into the question: pronouns for the entity (or a plural topic), a
    trailing clause for the rest."""
    text = question.strip()
    entities = previous.entities if "entity" in carried else []
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
        parts.append("on " + " ".join(previous.topic))
    if "year" in carried and previous.years:
        parts.append("in " + _year_text(previous.years))
    if not parts:
        return text
    return f"{text.rstrip('?.! ')}, {' '.join(parts)}?"
