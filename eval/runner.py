"""Run the cases against the API: /v1/search for retrieval, /v1/chat for answers; one row per case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eval import metrics, multidoc
from eval.cases import MULTI_DOC_TYPES, Case, CaseError, GoldSpan, locate_evidence
from eval.client import ApiClient, EvalError
from eval.metrics import Cited, Span
from eval.rows import BUDGET, K, Row, judge
from indexer.tokens import count_tokens

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass
class Corpus:
    texts: dict[str, str]
    chunk_spans: list[Span]
    meta: dict[str, multidoc.DocMeta]
    entity_names: re.Pattern[str] | None  # any name of an entity the corpus holds, as whole words


def fetch_corpus(client: ApiClient) -> Corpus:
    """Every document's normalised text and chunk spans, as the service serves them."""
    texts: dict[str, str] = {}
    spans: list[Span] = []
    meta: dict[str, multidoc.DocMeta] = {}
    names: set[str] = set()
    for summary in client.documents():
        names.update(n for n in (summary.get("entity"), summary.get("entity_name")) if n)
        names.update(summary.get("entity_aliases") or [])
        doc = client.document(summary["id"])
        texts[doc["id"]] = doc["text"]
        spans.extend(Span(doc["id"], c["char_start"], c["char_end"]) for c in doc["chunk_map"])
        meta[doc["id"]] = multidoc.DocMeta(summary.get("entity"), summary.get("year"))
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return Corpus(texts, spans, meta, re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE) if names else None)


def run_cases(client: ApiClient, cases: list[Case], use_chat: bool = True) -> list[Row]:
    """One row per case. Gold quotes missing from the served corpus raise CaseError before anything runs."""
    corpus = fetch_corpus(client)
    gold = locate_evidence(cases, corpus.texts)
    problems, _ = multidoc.check_documents(cases, corpus.texts)
    if problems:
        raise CaseError("\n".join(problems))
    return [run_case(client, case, gold[case.id], corpus, use_chat) for case in cases]


def run_case(client: ApiClient, case: Case, gold: list[GoldSpan], corpus: Corpus, use_chat: bool) -> Row:
    turns = case.user_turns
    row = Row(
        case.id,
        case.category,
        list(case.tags),
        turns,
        case.answerable,
        case.fact_alternatives(),
        case.reference,
        [g._asdict() for g in gold],
        _names(turns[-1], corpus.entity_names),
        question_type=case.question_type,
        failure_class=list(case.failure_class),
        expected_docs=list(case.expected_docs),
    )
    gold_spans = [Span(g.doc, g.start, g.end) for g in gold]
    row.unindexed_gold = sum(1 for g in gold_spans if not any(metrics.overlaps(c, g) for c in corpus.chunk_spans))
    if use_chat:
        _chat(client, case, row, gold_spans, corpus)
    row.search_query = row.resolved_question if row.multi_turn else row.question
    if row.search_query:
        _search(client, row, gold_spans, corpus)
    judge(row)
    return row


def _names(question: str, entity_names: re.Pattern[str] | None) -> str:
    entity = bool(entity_names and entity_names.search(question))
    year = bool(_YEAR.search(question))
    return {(True, True): "entity+year", (True, False): "entity", (False, True): "year"}.get((entity, year), "neither")


def _search(client: ApiClient, row: Row, gold: list[Span], corpus: Corpus) -> None:
    try:
        body, row.search_ms = client.search(row.search_query or "", k=K)
    except EvalError as exc:
        row.errors.append(str(exc))
        return
    row.notice = body.get("notice")
    retrieved = [Span(h["document"]["id"], h["char_start"], h["char_end"]) for h in body["hits"]]
    relevant = metrics.relevance(retrieved, gold)
    tokens = [count_tokens(h["text"]) for h in body["hits"]]
    row.hits = [
        {"chunk_id": h["chunk_id"], "doc": s.doc, "start": s.start, "end": s.end, "tokens": t, "relevant": rel}
        for h, s, t, rel in zip(body["hits"], retrieved, tokens, relevant, strict=True)
    ]
    if not gold:
        return
    row.recall_curve = [metrics.recall_at_k(retrieved, gold, k) or 0.0 for k in range(1, K + 1)]
    row.recall_budget = metrics.recall_within_budget(retrieved, tokens, gold, BUDGET)
    row.mrr = metrics.reciprocal_rank(relevant)
    row.ndcg10 = metrics.gold_ndcg_at_k(retrieved, gold, 10)


def _chat(client: ApiClient, case: Case, row: Row, gold: list[Span], corpus: Corpus) -> None:
    messages: list[dict[str, str]] = []
    body: dict[str, Any] | None = None
    for turn in row.turns:
        messages.append({"role": "user", "content": turn})
        try:
            body, elapsed = client.chat(list(messages))
        except EvalError as exc:
            row.errors.append(str(exc))
            return
        if body is None:
            return  # the service has no chat endpoint: answer metrics are unavailable
        row.chat_ms.append(elapsed)
        messages.append({"role": "assistant", "content": body.get("answer", "")})
    assert body is not None
    row.answer = body.get("answer", "")
    row.abstained = bool(body.get("abstained"))
    row.confidence = body.get("confidence")
    row.resolved_question = body.get("resolved_question") or row.question
    row.understood_type = body.get("question_type")
    cited = [_cited(c) for c in body.get("citations", [])]
    facts = row.key_facts
    row.cited_docs = multidoc.cited_docs(body)
    # Across documents a citation is supported when its document is one with evidence.
    expected = set(case.expected_docs) if case.question_type in MULTI_DOC_TYPES else set()
    row.citations = [
        {
            "number": c.get("number"),
            "chunk_id": c.get("chunk_id"),
            "doc": x.span.doc,
            "start": x.span.start,
            "end": x.span.end,
            "quote": x.quote,
            "supported": (metrics.citation_supported(x, gold, facts) or x.span.doc in expected)
            if case.answerable
            else None,
        }
        for c, x in zip(body.get("citations", []), cited, strict=True)
    ]
    row.offset_mismatches = sum(
        1 for x in cited if corpus.texts.get(x.span.doc, "")[x.span.start : x.span.end] != x.quote
    )
    if row.offset_mismatches:
        row.errors.append(f"{row.offset_mismatches} citation(s) whose quote is not the text at their offsets")
    if not case.answerable:
        return
    row.key_fact_recall = metrics.key_fact_recall(row.answer, facts)
    row.missing_facts = [" / ".join(alts) for alts in facts if not metrics.fact_found(row.answer, alts)]
    row.token_f1 = metrics.token_f1(_strip_markers(row.answer), case.reference or "")
    supported = [c["supported"] for c in row.citations]
    row.citation_precision = sum(supported) / len(supported) if supported else None
    row.citation_recall = metrics.citation_recall(cited, gold)
    multidoc.score_row(row, case, corpus.meta)


def _cited(citation: dict[str, Any]) -> Cited:
    doc = citation.get("document") or {}
    span = Span(str(doc.get("id")), int(citation.get("char_start", 0)), int(citation.get("char_end", 0)))
    return Cited(span, str(citation.get("quote", "")))


def _strip_markers(answer: str) -> str:
    """The answer without its [n] citation markers, which are not words of the answer."""
    return re.sub(r"\[\d+\]", " ", answer)
