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
from dataclasses import dataclass, field

from indexer.action_lines import action_lines_in_query
from qa_service.retrieval import years as time_words
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.question_types import MULTI_DOCUMENT_TYPES, QuestionType, question_type, strip_meta_words
from qa_service.retrieval.roles import Role, roles
from qa_service.retrieval.years import TimeExpression

PhraseCheck = Callable[[str], bool]  # does the corpus text contain this phrase?


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    surface: str  # as written: "WHO", "Ghana", "the United Nations Development Programme"
    start: int
    end: int
    role: Role = "speaker"  # "object": what the question asks about ("for Somalia"), not who speaks


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
    held, absent, topical = _entities(question, catalog, mentioned)
    if held:
        absent = []  # "UNDP's work with WHO": the corpus entity is the subject, WHO a topic
    objects = [m for m in held if m.role == "object"]
    if len(objects) < len(held):  # someone speaks: what they speak of is topic, not a second speaker
        held = [m for m in held if m.role == "speaker"]
    else:
        objects = []  # "What was said about Ukraine?": with no other speaker, the name still selects
    times = time_words.parse(question)
    has_range = any(t.role == "range" for t in times)
    kind = question_type(question, len({m.entity_id for m in held}), has_range)
    removed = [(m.start, m.end) for m in (*held, *absent)]
    removed += [(t.start, t.end) for t in times if t.role in ("document", "range")]
    topic = remove_spans(question, removed)
    if kind in MULTI_DOCUMENT_TYPES or kind == "summary":
        topic = strip_meta_words(topic, kind)
    return QuestionAnalysis(
        question, held, absent, topical, objects, times, kind, tuple(action_lines_in_query(question)), topic
    )


def _entities(
    question: str, catalog: Catalog, mentioned: PhraseCheck
) -> tuple[list[EntityMention], list[EntityMention], list[EntityMention]]:
    held: list[EntityMention] = []
    absent: list[EntityMention] = []
    topical: list[EntityMention] = []
    names = catalog.names
    if names.pattern is None:
        return held, absent, topical
    matches = []
    for match in names.pattern.finditer(question):
        surface = match.group(1)
        eid = names.acronyms.get(surface) or names.by_name.get(" ".join(surface.lower().split()))
        if eid is not None:  # else e.g. "who" in lower case: a question word, not WHO
            matches.append((eid, surface, match.span()))
    for (eid, surface, span), role in zip(matches, roles(question, [span for _, _, span in matches]), strict=True):
        mention = EntityMention(eid, surface, *span, role=role)
        if eid in catalog.corpus_entity_ids:
            held.append(mention)
        elif mentioned(surface):
            topical.append(mention)
        else:
            absent.append(mention)
    return held, absent, topical


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the given spans, white space folded."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start >= cursor:
            out.append(text[cursor:start])
            cursor = end
    out.append(text[cursor:])
    return " ".join("".join(out).split())
