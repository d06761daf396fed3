"""``python -m eval squad FILE``: index SQuAD-format passages with the real indexer, ask every question
through the HTTP API, and report how often the gold answer span lies in the top-k passages, in the
cited quotes, and in the answer."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval import metrics
from eval.client import ApiClient, eval_settings, in_process
from eval.embcache import CachedEmbedder, EmbeddingCache, default_cache_dir
from eval.report import REPORTS_DIR, new_report_dir
from eval.rows import BUDGET
from eval.squad_data import Question, locate_answers, read_squad, select_documents, write_corpus
from indexer.tokens import count_tokens

KS = (1, 4, 5, 10)  # 4: the passages the extractive chat answers from (answer_passages)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="SQuAD-format JSON (each title a document, each context a passage)")
    parser.add_argument(
        "--scope",
        choices=("document", "corpus"),
        default="document",
        help="search within the question's document (doc_id filter; default) or the whole corpus",
    )
    parser.add_argument("--limit", type=int, help="ask only the first N questions")
    parser.add_argument(
        "--policies",
        choices=("all", "heldout", "train"),
        default="all",
        help="the documents of the learned scorer's split (its model file's 'trained.split'): "
        "'heldout' = never trained on, the out-of-sample figure",
    )
    parser.add_argument("--chunk-tokens", type=int, default=None, help="chunk budget (default: the indexer's)")
    parser.add_argument("--no-chat", action="store_true", help="retrieval only")
    parser.add_argument("--cache", type=Path, default=None, help=f"embedding cache folder ({default_cache_dir()})")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR)
    parser.add_argument("--json", action="store_true")


@dataclass
class Tally:
    asked: int = 0
    in_top: dict[int, int] = field(default_factory=lambda: {k: 0 for k in KS})
    in_budget: int = 0  # within the hits that fit in BUDGET tokens
    in_any_chunk: int = 0  # the ceiling: the span lies inside some chunk of its document at all
    answered: int = 0  # chat did not abstain
    in_citations: int = 0
    in_answer: int = 0
    f1: float = 0.0

    def rates(self, unlocated: int, chat: bool) -> dict[str, Any]:
        n = max(self.asked, 1)
        out: dict[str, Any] = {"questions": self.asked, "unlocated_answers": unlocated}
        out.update({f"span_in_top{k}": self.in_top[k] / n for k in KS})
        out[f"span_in_{BUDGET}_tokens"] = self.in_budget / n
        out["span_in_any_chunk"] = self.in_any_chunk / n
        if chat:
            out.update(
                {
                    "answered": self.answered / n,
                    "span_in_citations": self.in_citations / n,
                    "answer_contains_gold": self.in_answer / n,
                    "answer_token_f1": self.f1 / n,
                }
            )
        else:
            out.update(dict.fromkeys(("answered", "span_in_citations", "answer_contains_gold", "answer_token_f1")))
        return out


def covered(span: tuple[int, int], parts: list[tuple[int, int]]) -> bool:
    """Whether the union of ``parts`` covers every character of ``span``."""
    position = span[0]
    for start, end in sorted(parts):
        if start <= position < end:
            position = end
        if position >= span[1]:
            return True
    return position >= span[1]


def ask(client: ApiClient, question: Question, scope: str, use_chat: bool, tally: Tally) -> None:
    filters: dict[str, object] = {"doc_id": [question.doc]} if scope == "document" else {}
    body, _ = client.search(question.text, k=max(KS), **filters)
    hits = [(h["char_start"], h["char_end"]) if h["document"]["id"] == question.doc else (-1, -1) for h in body["hits"]]
    tally.asked += 1
    for k in KS:
        tally.in_top[k] += any(covered(s, hits[:k]) for s in question.spans)
    kept, used = 0, 0
    for count in (count_tokens(h["text"]) for h in body["hits"]):
        if kept and used + count > BUDGET:
            break
        kept, used = kept + 1, used + count
    tally.in_budget += any(covered(s, hits[:kept]) for s in question.spans)
    if not use_chat:
        return
    chat, _ = client.chat([{"role": "user", "content": question.text}], filters or None)
    if chat is None:
        return
    answer = chat.get("answer", "")
    tally.answered += not chat.get("abstained")
    cited = [(c["char_start"], c["char_end"]) for c in chat.get("citations", []) if c["document"]["id"] == question.doc]
    tally.in_citations += any(covered(s, cited) for s in question.spans)
    tally.in_answer += any(metrics.contains_phrase(answer, a) for a in question.answers)
    tally.f1 += max(metrics.token_f1(answer, a) for a in question.answers)


def evaluate(
    squad_file: Path,
    scope: str,
    limit: int | None,
    chunk_tokens: int | None,
    use_chat: bool,
    cache_dir: Path | None,
    embedder: Any = None,
    policies: str = "all",
) -> dict[str, Any]:
    """Build a throw-away index of the file's passages and ask its questions; returns the rates."""
    from indexer.build import build
    from indexer.chunking import ChunkParams
    from indexer.embedder import make_embedder
    from qa_service.engine import Engine

    squad = select_documents(read_squad(squad_file), policies)
    cached = CachedEmbedder(EmbeddingCache(embedder or make_embedder(threads=1), cache_dir))
    params = ChunkParams(chunk_tokens) if chunk_tokens else ChunkParams()
    with tempfile.TemporaryDirectory(prefix="wsis-eval-squad-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        write_corpus(squad, corpus)
        report = build(corpus, index, cached, params)
        if report.errors:
            print("\n".join(f"[squad] {e}" for e in report.errors), file=sys.stderr)
        settings = eval_settings(index_dir=index, corpus_dir=corpus)
        questions = squad.questions[:limit] if limit else squad.questions
        cached.cache.encode([q.text for q in questions])  # one batch, instead of one model call per request
        with in_process(settings, Engine(settings, embedder=cached)) as client:
            served = {d: client.document(d) for d in squad.documents}
            texts = {d: doc["text"] for d, doc in served.items()}
            chunk_spans = {d: [(c["char_start"], c["char_end"]) for c in doc["chunk_map"]] for d, doc in served.items()}
            locate_answers(squad, texts, squad_file)
            tally = Tally()
            located = [q for q in questions if q.spans]
            for i, question in enumerate(located, start=1):
                ask(client, question, scope, use_chat, tally)
                tally.in_any_chunk += any(covered(sp, chunk_spans[question.doc]) for sp in question.spans)
                if i % 500 == 0:
                    print(f"[squad] {i}/{len(located)} questions", file=sys.stderr, flush=True)
            chat = bool(client.chat_available)
    unlocated = sum(1 for q in questions if not q.spans)
    rates = tally.rates(unlocated, chat)
    rates.update(
        {
            "documents": len(squad.documents),
            "chunks": report.total_chunks,
            "chunk_tokens": params.chunk_tokens,
            "scope": scope,
            "policies": policies,
            "chat_available": chat,
        }
    )
    return rates


def _summary(result: dict[str, Any], file: Path) -> str:
    lines = [f"# SQuAD-format evaluation: {file}", ""]
    lines += [
        f"- **{k.replace('_', ' ')}:** {v:.3f}" if isinstance(v, float) else f"- **{k.replace('_', ' ')}:** {v}"
        for k, v in result.items()
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise FileNotFoundError(f"no such file: {args.file}")
    result = evaluate(
        args.file, args.scope, args.limit, args.chunk_tokens, not args.no_chat, args.cache, policies=args.policies
    )
    folder = new_report_dir(args.out, prefix=f"squad-{args.file.parent.name}-{args.file.stem}-")
    (folder / "results.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (folder / "report.md").write_text(_summary(result, args.file), encoding="utf-8")
    print(json.dumps(result) if args.json else _summary(result, args.file) + f"\nreport: {folder / 'report.md'}")
    return 0
