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
    "citation_offsets_exact",
)
# Questions across documents (issue 13): means over the answered cases of each question type.
MULTI_DOC_KEYS = (
    "list_recall",
    "list_precision",
    "count_accuracy",
    "evolution_coverage",
    "evolution_clean",
    "comparison_coverage",
    "summary_precision",
    "question_type_accuracy",
)
_SERVICE_TYPE = {"fact": "factoid"}  # the case's name for a type -> the service's


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
    cited = sum(len(r.citations) for r in answered)
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
        # every citation of every answer (abstentions and unanswerable cases too): quote == text[start:end]
        "citation_offsets_exact": 1 - sum(r.offset_mismatches for r in answered) / cited if cited else None,
        "abstention_precision": abstention.precision,
        "abstention_recall": abstention.recall if any(not r.answerable for r in answered) else None,
        "false_abstention_rate": (
            sum(bool(r.abstained) for r in with_answers) / len(with_answers) if with_answers else None
        ),
        "search_p50_ms": metrics.percentile(search_ms, 50),
        "search_p95_ms": metrics.percentile(search_ms, 95),
        "chat_p50_ms": metrics.percentile(chat_ms, 50),
        "chat_p95_ms": metrics.percentile(chat_ms, 95),
        **multi_doc_figures(answered),
        "passed": sum(r.verdict == "pass" for r in rows),
        "failed": sum(r.verdict == "fail" for r in rows),
        "not_judged": sum(r.verdict == "not judged" for r in rows),
    }
    return summary


def multi_doc_figures(answered: list[Row]) -> Summary:
    """List completeness, count accuracy, evolution and comparison coverage (None without such cases)."""

    def of(kind: tuple[str, ...]) -> list[Row]:
        return [r for r in answered if r.question_type in kind]

    lists, evolution = of(("listing", "counting")), of(("evolution",))
    counted = [r.count_correct for r in of(("counting",)) if r.count_correct is not None]
    return {
        "list_recall": metrics.mean([r.list_recall for r in lists]),
        "list_precision": metrics.mean([r.list_precision for r in lists]),  # over answers that cite something
        "count_accuracy": sum(counted) / len(counted) if counted else None,
        "evolution_coverage": metrics.mean([r.evolution_coverage for r in evolution]),
        "evolution_clean": (
            sum(not r.other_entity_cited and not r.stray_docs and bool(r.cited_docs) for r in evolution)
            / len(evolution)
            if evolution
            else None
        ),
        "comparison_coverage": metrics.mean([r.comparison_coverage for r in of(("comparison",))]),
        "summary_precision": metrics.mean([r.summary_precision for r in of(("summary",))]),
        "question_type_accuracy": metrics.mean(
            [
                float(_SERVICE_TYPE.get(r.question_type, r.question_type) == r.understood_type)
                for r in answered
                if r.understood_type is not None
            ]
        ),
    }


def by_failure_class(rows: list[Row]) -> dict[str, Summary]:
    """Summaries of the cases tagged with each of issue 12's failure classes (a case may carry several)."""
    classes = sorted({c for r in rows for c in r.failure_class})
    return {f"class {c}": summarize([r for r in rows if c in r.failure_class], True) for c in classes}


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
    counts["citation_offsets_exact"] = sum(len(r.citations) for r in answered)
    counts["abstention_precision"] = sum(1 for r in answered if r.abstained)
    counts["abstention_recall"] = sum(1 for r in answered if not r.answerable)
    of = {kind: [r for r in answered if r.question_type == kind] for kind in ("listing", "counting", "evolution")}
    lists = of["listing"] + of["counting"]
    counts["list_recall"] = len(lists)
    counts["list_precision"] = sum(1 for r in lists if r.list_precision is not None)
    counts["count_accuracy"] = len(of["counting"])
    counts["evolution_coverage"] = counts["evolution_clean"] = len(of["evolution"])
    counts["comparison_coverage"] = sum(1 for r in answered if r.question_type == "comparison")
    counts["summary_precision"] = sum(1 for r in answered if r.summary_precision is not None)
    counts["question_type_accuracy"] = sum(1 for r in answered if r.understood_type is not None)
    return counts
