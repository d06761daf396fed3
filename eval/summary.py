"""Aggregate rows into the headline figures, per category and per what the question names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eval import metrics
from eval.rows import K, Row

Summary = dict[str, Any]
RETRIEVAL_KEYS = ("recall@1", "recall@5", "recall@10", "recall_budget", "mrr", "ndcg@10")
ANSWER_KEYS = (
    "key_fact_recall",
    "token_f1",
    "citation_precision",
    "citation_recall",
    "abstention_precision",
    "abstention_recall",
)


def retrieval_rows(rows: Iterable[Row], include_multi_turn: bool = False) -> list[Row]:
    """Answerable rows with a measured search; multi-turn ones only on request, because their query
    is the chat's resolved question and would make the headline depend on the chat endpoint."""
    return [r for r in rows if r.recall_curve is not None and (include_multi_turn or not r.multi_turn)]


def summarize(rows: list[Row], include_multi_turn: bool = False) -> Summary:
    ranked = retrieval_rows(rows, include_multi_turn)
    answered = [r for r in rows if r.abstained is not None]
    abstention = metrics.abstention_scores([(not r.answerable, bool(r.abstained)) for r in answered])
    search_ms = [r.search_ms for r in rows if r.search_ms is not None]
    chat_ms = [ms for r in rows for ms in r.chat_ms]
    with_answers = [r for r in answered if r.answerable]
    summary: Summary = {
        "cases": len(rows),
        "answerable": sum(r.answerable for r in rows),
        "unanswerable": sum(not r.answerable for r in rows),
        "retrieval_cases": len(ranked),
        "recall@1": metrics.mean([r.recall_at(1) for r in ranked]),
        "recall@5": metrics.mean([r.recall_at(5) for r in ranked]),
        "recall@10": metrics.mean([r.recall_at(10) for r in ranked]),
        "recall_budget": metrics.mean([r.recall_budget for r in ranked]),
        "mrr": metrics.mean([r.mrr for r in ranked]),
        "ndcg@10": metrics.mean([r.ndcg10 for r in ranked]),
        "answer_cases": len(answered),
        "key_fact_recall": metrics.mean([r.key_fact_recall for r in with_answers]),
        "token_f1": metrics.mean([r.token_f1 for r in with_answers]),
        "citation_precision": metrics.mean([r.citation_precision for r in with_answers]),
        "citation_recall": metrics.mean([r.citation_recall for r in with_answers]),
        "abstention_precision": abstention.precision,
        "abstention_recall": abstention.recall if any(not r.answerable for r in answered) else None,
        "false_abstention_rate": (
            sum(bool(r.abstained) for r in with_answers) / len(with_answers) if with_answers else None
        ),
        "search_p50_ms": metrics.percentile(search_ms, 50),
        "search_p95_ms": metrics.percentile(search_ms, 95),
        "chat_p50_ms": metrics.percentile(chat_ms, 50),
        "chat_p95_ms": metrics.percentile(chat_ms, 95),
        "passed": sum(r.verdict == "pass" for r in rows),
        "failed": sum(r.verdict == "fail" for r in rows),
        "not_judged": sum(r.verdict == "not judged" for r in rows),
    }
    return summary


def recall_curve(rows: list[Row]) -> list[float]:
    """Mean Recall@k for k = 1..K over the headline retrieval rows."""
    ranked = retrieval_rows(rows)
    if not ranked:
        return []
    return [sum(r.recall_at(k) or 0.0 for r in ranked) / len(ranked) for k in range(1, K + 1)]


def grouped(rows: list[Row], key: str) -> dict[str, Summary]:
    """Summaries per value of a row attribute ("category" or "names"), in first-seen order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(str(getattr(row, key)), []).append(row)
    return {name: summarize(members, include_multi_turn=True) for name, members in groups.items()}


def denominators(rows: list[Row]) -> dict[str, int]:
    """How many cases each headline figure averages over (for floors one case below the value)."""
    ranked = retrieval_rows(rows)
    answered = [r for r in rows if r.abstained is not None]
    answerable = [r for r in answered if r.answerable]
    counts = dict.fromkeys(("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10"), len(ranked))
    counts.update(dict.fromkeys(("key_fact_recall", "token_f1", "citation_recall"), len(answerable)))
    counts["citation_precision"] = sum(1 for r in answerable if r.citation_precision is not None)
    counts["abstention_precision"] = sum(1 for r in answered if r.abstained)
    counts["abstention_recall"] = sum(1 for r in answered if not r.answerable)
    return counts
