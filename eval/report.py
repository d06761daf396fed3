"""The Markdown report and the JSON file with every row, written to one folder of eval/reports/."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.rows import BUDGET, PASS_RECALL_K, Row
from eval.summary import MULTI_DOC_KEYS, Summary, by_failure_class, grouped, summarize

REPORTS_DIR = Path(__file__).with_name("reports")
LABELS = {
    "recall@1": "Recall@1",
    "recall@5": "Recall@5",
    "recall@10": "Recall@10",
    "recall_budget": f"Recall within {BUDGET} tokens",
    "mrr": "MRR",
    "ndcg@10": "nDCG@10",
    "key_fact_recall": "Key-fact recall",
    "token_f1": "Token F1",
    "citation_precision": "Citation precision",
    "citation_recall": "Citation recall",
    "abstention_precision": "Abstention precision",
    "abstention_recall": "Abstention recall",
    "citation_offsets_exact": "Citations whose quote is the text at their offsets",
    "false_abstention_rate": "False abstention rate",
    "search_p50_ms": "Search latency p50 (ms)",
    "search_p95_ms": "Search latency p95 (ms)",
    "chat_p50_ms": "Chat latency p50 (ms)",
    "chat_p95_ms": "Chat latency p95 (ms)",
    "list_recall": "List document recall",
    "list_precision": "List document precision",
    "count_accuracy": "Count stated correctly",
    "evolution_coverage": "Evolution: years cited / years with evidence",
    "evolution_clean": "Evolution: no other entity, no year without evidence",
    "comparison_coverage": "Comparison: entities covered",
    "summary_precision": "Summary: citations from the document",
    "question_type_accuracy": "Question type understood as the case's",
}
MULTI_DOC_LABELS = {k: LABELS[k] for k in MULTI_DOC_KEYS}


@dataclass
class ConfigRun:
    name: str
    rows: list[Row]
    curve: list[float]

    @property
    def summary(self) -> Summary:
        return summarize(self.rows)


def new_report_dir(base: Path = REPORTS_DIR, prefix: str = "") -> Path:
    """A fresh timestamped folder, and ``latest`` pointing at it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = base / f"{prefix}{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    latest = base / "latest"
    if latest.is_symlink() or not latest.exists():
        latest.unlink(missing_ok=True)
        latest.symlink_to(folder.name)
    return folder


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _over(key: str, s: Summary) -> str:
    if key in ("recall@1", "recall@5", "recall@10", "recall_budget", "mrr", "ndcg@10"):
        return f"{s['retrieval_cases']} answerable single-turn cases"
    if key.startswith("abstention"):
        return f"{s['answer_cases']} answered cases" if s["answer_cases"] else "needs /v1/chat"
    if key in MULTI_DOC_KEYS:
        return "answered cases of that question type"
    if key.startswith("search"):
        return "every search"
    if key.startswith("chat") or key in ("key_fact_recall", "token_f1", "citation_precision", "citation_recall"):
        return f"{s['answerable']} answerable cases" if s["answer_cases"] else "needs /v1/chat"
    return f"{s['answerable']} answerable cases"


def write_report(folder: Path, meta: dict[str, Any], runs: list[ConfigRun], plots: list[Path]) -> tuple[Path, Path]:
    """report.md and rows.json in ``folder``; the first run is the system as configured."""
    main = runs[0]
    summary = main.summary
    lines = [f"# Evaluation report: {meta['cases_file']}", ""]
    lines += [f"- **{k.replace('_', ' ')}:** {fmt(v)}" for k, v in meta.items()]
    lines += ["", f"## Summary ({main.name})", "", "| metric | value | over |", "|---|---|---|"]
    lines += [
        f"| {label} | {fmt(summary[key], 1 if 'ms' in key else 3)} | {_over(key, summary)} |"
        for key, label in LABELS.items()
        if not (key in MULTI_DOC_KEYS and summary[key] is None)
    ]
    lines += [
        "",
        f"Verdicts: **{summary['passed']} pass, {summary['failed']} fail, {summary['not_judged']} not judged** "
        f"of {summary['cases']} cases ({summary['answerable']} answerable, {summary['unanswerable']} unanswerable).",
        "",
    ]
    if len(runs) > 1:
        lines += _ablation(runs)
    lines += [f"![Recall@k]({p.name})" for p in plots] + [""]
    failures = [r for r in main.rows if r.verdict == "fail"]
    lines += [f"## Failures ({len(failures)})", ""]
    for row in failures:
        lines += _failure(row)
    lines += _group_table("By category", grouped(main.rows, "category"))
    lines += _group_table("By what the question names (a corpus entity, a year)", grouped(main.rows, "names"))
    if any(r.failure_class for r in main.rows):
        lines += _group_table("By issue-12 failure class", by_failure_class(main.rows))
    if any(r.question_type != "fact" for r in main.rows):
        lines += _question_types(grouped(main.rows, "question_type"))
    by_category: dict[str, list[Row]] = {}
    for row in main.rows:
        by_category.setdefault(row.category, []).append(row)
    for category, rows in by_category.items():
        lines += _case_table(category, rows)
    md = folder / "report.md"
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = {
        "meta": meta,
        "summary": summary,
        "by_category": grouped(main.rows, "category"),
        "by_names": grouped(main.rows, "names"),
        "by_failure_class": by_failure_class(main.rows),
        "by_question_type": grouped(main.rows, "question_type"),
        "configs": {
            r.name: {"summary": r.summary, "recall_curve": r.curve, "rows": [asdict(x) for x in r.rows]} for r in runs
        },
    }
    js = folder / "rows.json"
    js.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return md, js


def _ablation(runs: list[ConfigRun]) -> list[str]:
    names = [r.name for r in runs]
    summaries = [r.summary for r in runs]
    lines = ["## Ablation", "", "| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key, label in LABELS.items():
        digits = 1 if "ms" in key else 3
        lines.append(f"| {label} | " + " | ".join(fmt(s[key], digits) for s in summaries) + " |")
    categories = list(dict.fromkeys(row.category for row in runs[0].rows if row.answerable))
    per = [grouped(r.rows, "category") for r in runs]
    lines += [
        "",
        f"Recall@{PASS_RECALL_K} per category:",
        "",
        "| category | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for cat in categories:
        lines.append(f"| {cat} | " + " | ".join(fmt(p.get(cat, {}).get(f"recall@{PASS_RECALL_K}")) for p in per) + " |")
    return lines + [""]


def _failure(row: Row) -> list[str]:
    lines = [f"### `{row.id}` ({row.category})", ""]
    if row.multi_turn:
        lines += ["- **Conversation:** " + " → ".join(f"“{t}”" for t in row.turns)]
        lines += [f"- **Resolved question:** {fmt(row.resolved_question)}"]
    else:
        lines += [f"- **Question:** {row.question}"]
    expected = "; ".join(" / ".join(alts) for alts in row.key_facts) if row.answerable else "abstain (unanswerable)"
    lines += [f"- **Expected:** {expected or row.reference}", f"- **Why it failed:** {'; '.join(row.reasons)}"]
    if row.expected_docs:
        missed = [d for d in row.expected_docs if d not in row.cited_docs]
        extra = [d for d in row.cited_docs if d not in row.expected_docs]
        lines += [
            f"- **Documents ({row.question_type}):** {len(row.expected_docs)} with evidence; not cited: "
            f"{', '.join(missed) or 'none'}; cited without evidence: {', '.join(extra) or 'none'}"
        ]
    answer = row.answer if row.answer is not None else "n/a (no /v1/chat)"
    lines += [f"- **Answer:** {answer}" + (" *(abstained)*" if row.abstained else "")]
    for c in row.citations:
        mark = {True: "✓", False: "✗", None: ""}[c["supported"]]
        quote = c["quote"] if len(c["quote"]) <= 240 else c["quote"][:237] + "..."
        lines.append(f"  - [{c['number']}] {mark} `{c['doc']}:{c['start']}-{c['end']}` “{quote}”")
    hits = ", ".join(f"{h['chunk_id']}{' ✓' if h['relevant'] else ''}" for h in row.hits[:PASS_RECALL_K])
    lines += [f"- **Top {PASS_RECALL_K} hits:** {hits or 'none'}" + (f" — notice: {row.notice}" if row.notice else "")]
    return lines + [""]


def _group_table(title: str, groups: dict[str, Summary]) -> list[str]:
    keys = [
        "recall@1",
        "recall@5",
        "recall@10",
        "mrr",
        "ndcg@10",
        "key_fact_recall",
        "token_f1",
        "citation_precision",
        "citation_recall",
        "abstention_recall",
    ]
    head = ["group", "n"] + [LABELS[k] for k in keys] + ["pass", "fail"]
    lines = [f"## {title}", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, s in groups.items():
        cells = [name, str(s["cases"])] + [fmt(s[k]) for k in keys] + [str(s["passed"]), str(s["failed"])]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _question_types(groups: dict[str, Summary]) -> list[str]:
    head = ["question type", "n", *MULTI_DOC_LABELS.values(), "pass", "fail"]
    lines = ["## By question type (issue 13)", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, s in groups.items():
        cells = [name, str(s["cases"])] + [fmt(s[k]) for k in MULTI_DOC_KEYS] + [str(s["passed"]), str(s["failed"])]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _case_table(category: str, rows: list[Row]) -> list[str]:
    lines = [
        f"## Category `{category}`",
        "",
        f"| case | question | R@{PASS_RECALL_K} | RR | facts | F1 | abstained | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        question = " → ".join(r.turns).replace("|", "\\|")
        lines.append(
            f"| `{r.id}` | {question} | {fmt(r.recall_at(PASS_RECALL_K), 2)} | {fmt(r.mrr, 2)} | "
            f"{fmt(r.key_fact_recall, 2)} | {fmt(r.token_f1, 2)} | {fmt(r.abstained)} | {r.verdict} |"
        )
    return lines + [""]
