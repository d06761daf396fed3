"""One row per case: what was asked, found and answered, its metrics, and its verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

K = 10  # hits asked of /v1/search; the Recall@k curve runs 1..K
BUDGET = 480  # tokens of retrieved text a reader is given (about three chunks of the default size)
PASS_RECALL_K = 5  # an answerable case passes retrieval when all its gold evidence is in the top 5


@dataclass
class Row:
    id: str
    category: str
    tags: list[str]
    turns: list[str]
    answerable: bool
    key_facts: list[list[str]]
    reference: str | None
    gold: list[dict[str, Any]]
    names: str  # what the question names (an entity of the corpus, a year): "entity+year", "entity", "year", "neither"
    unindexed_gold: int = 0  # gold quotes no chunk covers (e.g. in a heading): no search can find them
    search_query: str | None = None
    hits: list[dict[str, Any]] = field(default_factory=list)
    notice: str | None = None
    recall_curve: list[float] | None = None  # Recall@1..K
    recall_budget: float | None = None  # recall over the hits that fit in BUDGET tokens
    mrr: float | None = None
    ndcg10: float | None = None
    answer: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    abstained: bool | None = None
    confidence: float | None = None
    resolved_question: str | None = None
    key_fact_recall: float | None = None
    missing_facts: list[str] = field(default_factory=list)
    token_f1: float | None = None
    citation_precision: float | None = None
    citation_recall: float | None = None
    offset_mismatches: int = 0  # citations whose quote is not the served text at their offsets
    search_ms: float | None = None
    chat_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    verdict: str = "not judged"  # "pass", "fail" or "not judged"
    reasons: list[str] = field(default_factory=list)
    # Questions across documents (issue 13) and issue 12's failure classes; see eval/multidoc.py.
    question_type: str = "fact"
    understood_type: str | None = None  # the service's `question_type` ("factoid", "listing", ...), when it says
    failure_class: list[int] = field(default_factory=list)
    expected_docs: list[str] = field(default_factory=list)
    cited_docs: list[str] = field(default_factory=list)
    list_recall: float | None = None  # listing, counting: expected documents cited
    list_precision: float | None = None  # listing, counting: cited documents expected
    count_correct: bool | None = None  # counting: the answer states the expected number
    evolution_coverage: float | None = None  # evolution: years cited / years with evidence
    other_entity_cited: bool | None = None  # evolution, comparison: a document of an entity not asked about
    # evolution, comparison: documents of the entities asked about, cited without evidence or outside the years asked
    stray_docs: list[str] = field(default_factory=list)
    comparison_coverage: float | None = None  # comparison: entities cited / entities named
    summary_precision: float | None = None  # summary: citations from the document asked about

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def multi_turn(self) -> bool:
        return len(self.turns) > 1

    def recall_at(self, k: int) -> float | None:
        return self.recall_curve[k - 1] if self.recall_curve else None


LIST_PASS = 0.9  # issue 13's bar for a listing answer: document recall and precision


def multi_doc_reasons(row: Row) -> list[str]:
    """Why an answer to a question across documents is incomplete (empty for single-fact questions)."""
    reasons: list[str] = []
    if row.list_recall is not None and row.list_recall < LIST_PASS:
        reasons.append(f"cites {row.list_recall:.0%} of the {len(row.expected_docs)} documents with evidence")
    if row.list_recall is not None and (row.list_precision or 0.0) < LIST_PASS:
        reasons.append(f"document precision {row.list_precision or 0.0:.2f} (below {LIST_PASS})")
    if row.count_correct is False:
        reasons.append("does not state the expected count")
    if row.evolution_coverage is not None and row.evolution_coverage < 1.0:
        reasons.append(f"cites {row.evolution_coverage:.0%} of the years with evidence")
    if row.stray_docs:
        reasons.append("cites documents without evidence or outside the years asked: " + ", ".join(row.stray_docs))
    if row.comparison_coverage is not None and row.comparison_coverage < 1.0:
        reasons.append(f"cites {row.comparison_coverage:.0%} of the entities compared")
    if row.other_entity_cited:
        reasons.append("cites an entity the question does not ask about")
    if row.summary_precision is not None and row.summary_precision < 1.0:
        reasons.append("cites documents other than the one summarised")
    return reasons


def judge(row: Row) -> None:
    """Pass, fail or not judged, with the reasons a reader needs to see first."""
    reasons: list[str] = [f"error: {e}" for e in row.errors]
    judged = bool(row.errors)
    if row.answerable and row.recall_curve is not None:
        judged = True
        recall = row.recall_at(PASS_RECALL_K) or 0.0
        if recall < 1.0:
            reasons.append(
                f"gold evidence not all in the top {PASS_RECALL_K} hits (recall@{PASS_RECALL_K} {recall:.2f})"
            )
        if row.unindexed_gold:
            reasons.append(f"{row.unindexed_gold} gold quote(s) lie in text no chunk covers (a heading?)")
    if row.abstained is not None:
        judged = True
        if row.answerable and row.abstained:
            reasons.append("abstained on an answerable question")
        elif row.answerable:
            if row.missing_facts:
                reasons.append("missing facts: " + "; ".join(row.missing_facts))
            if not row.citations:
                reasons.append("no citation")
            elif not any(c["supported"] for c in row.citations):
                reasons.append("no citation overlaps the gold evidence or states a key fact")
        elif not row.abstained:
            reasons.append("answered a question the corpus cannot answer")
        if row.answerable and not row.abstained:
            reasons += multi_doc_reasons(row)
    row.reasons = reasons
    row.verdict = "not judged" if not judged else ("fail" if reasons else "pass")
