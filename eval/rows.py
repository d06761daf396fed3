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
    names: str  # what the question names: "entity+year", "entity", "year" or "neither"
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
    search_ms: float | None = None
    chat_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    verdict: str = "not judged"  # "pass", "fail" or "not judged"
    reasons: list[str] = field(default_factory=list)

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def multi_turn(self) -> bool:
        return len(self.turns) > 1

    def recall_at(self, k: int) -> float | None:
        return self.recall_curve[k - 1] if self.recall_curve else None


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
    row.reasons = reasons
    row.verdict = "not judged" if not judged else ("fail" if reasons else "pass")
