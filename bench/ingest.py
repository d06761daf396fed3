"""python -m bench.ingest: how well PDF and DOCX files made from known text are read back.

Generates the documents (bench/ingest_corpus.py), loads each with the indexer's loaders, and
scores the indexed text against the text it was made from: word-sequence similarity, page
furniture leaked, hyphenation leftovers and wrong joins, heading recall, the page a citation
of each sentence would carry, and pages per second. See BENCHMARKS.md for the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bench import ingest_score as score
from bench.corpora import REPO
from bench.ingest_corpus import Case, generate


def page_texts(pdf_path: Path) -> list[str]:
    """The raw text layer of each page (PDFium's own page text, no layout passes)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def measure(case: Case) -> dict[str, Any]:
    from indexer.loaders import load_file

    started = time.perf_counter()
    doc = load_file(case.path)
    seconds = time.perf_counter() - started
    body = score.body_text(doc)
    leftovers, wrong_joins = score.hyphen_artifacts(case.truth, body)
    right, checked = score.citation_pages(doc, page_texts(case.text_layer)) if case.text_layer else (0, 0)
    return {
        "name": case.name,
        "producer": case.producer,
        "pages": doc.page_count or 0,
        "seconds": seconds,
        "similarity": score.similarity(case.truth, body),
        "furniture_leaked": score.leaked(doc, case.furniture, case.truth),
        "hyphen_leftovers": leftovers,
        "wrong_joins": wrong_joins,
        "heading_recall": score.heading_recall(doc, case.headings),
        "citations_right": right,
        "citations_checked": checked,
        "footnote_blocks": sum(b.kind == "footnote" for b in doc.blocks),
        "table_rows_right": score.table_rows_right(doc, case.table_rows),
        "table_rows": len(case.table_rows),
        "ocr": doc.hints.get("ocr"),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def group(name: str, selected: list[dict[str, Any]]) -> dict[str, Any]:
        sims = [r["similarity"] for r in selected]
        pages = sum(r["pages"] for r in selected)
        seconds = sum(r["seconds"] for r in selected)
        checked = sum(r["citations_checked"] for r in selected)
        tables = sum(r["table_rows"] for r in selected)
        return {
            "group": name,
            "documents": len(selected),
            "pages": pages,
            "similarity_median": statistics.median(sims),
            "similarity_min": min(sims),
            "furniture_leaked": sum(r["furniture_leaked"] for r in selected),
            "hyphen_leftovers": sum(r["hyphen_leftovers"] for r in selected),
            "wrong_joins": sum(r["wrong_joins"] for r in selected),
            "heading_recall": statistics.mean(r["heading_recall"] for r in selected),
            "citations_right": f"{sum(r['citations_right'] for r in selected)}/{checked}",
            "table_rows_right": f"{sum(r['table_rows_right'] for r in selected)}/{tables}",
            "pages_per_second": pages / seconds if seconds and pages else None,
            "seconds": seconds,
        }

    producers = [p for p in ("fpdf2", "libreoffice", "python-docx", "scan") if any(r["producer"] == p for r in rows)]
    groups = [group(p, [r for r in rows if r["producer"] == p]) for p in producers]
    text_pdfs = [r for r in rows if r["producer"] in ("fpdf2", "libreoffice")]
    return {"groups": groups, "all_text_layer_pdfs": group("text-layer PDFs", text_pdfs), "all": group("all", rows)}


def table(summary: dict[str, Any]) -> str:
    head = (
        "| group | docs | pages | similarity median / min | furniture leaked | hyphen leftovers | wrong joins "
        "| heading recall | citations on the right page | table rows as cells | pages/s |"
    )
    lines = [head, "|" + "---|" * 11]
    for g in [*summary["groups"], summary["all_text_layer_pdfs"], summary["all"]]:
        pps = f"{g['pages_per_second']:.1f}" if g["pages_per_second"] else "-"
        lines.append(
            f"| {g['group']} | {g['documents']} | {g['pages']} "
            f"| {g['similarity_median']:.4f} / {g['similarity_min']:.4f} "
            f"| {g['furniture_leaked']} | {g['hyphen_leftovers']} | {g['wrong_joins']} | {g['heading_recall']:.3f} "
            f"| {g['citations_right']} | {g['table_rows_right']} | {pps} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--speeches", type=int, default=32, help="UNGDC speeches to make documents of")
    parser.add_argument("--scans", type=int, default=4, help="rasterised (scanned) PDFs among them")
    parser.add_argument("--no-parity", action="store_true", help="skip the eval cases over the seed as DOCX and PDF")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "ingest.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cases = generate(args.speeches, args.scans)
    print(f"generated {len(cases)} files in {time.perf_counter() - started:.0f}s", flush=True)
    rows = []
    for case in cases:
        rows.append(measure(case))
        r = rows[-1]
        print(
            f"{r['producer']:12} {r['name'][:34]:34} p={r['pages']:2} sim={r['similarity']:.4f} "
            f"leak={r['furniture_leaked']} hyph={r['hyphen_leftovers']} join={r['wrong_joins']} "
            f"head={r['heading_recall']:.2f} cite={r['citations_right']}/{r['citations_checked']} "
            f"table={r['table_rows_right']}/{r['table_rows']} {r['seconds']:.2f}s",
            flush=True,
        )
    summary = summarise(rows)
    print(table(summary))
    if not args.no_parity:
        from bench.ingest_parity import parity

        summary["qa_parity"] = parity()
        for name, figures in summary["qa_parity"].items():
            print(
                f"eval over the seed as {name}: "
                + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "documents": rows}, indent=1), encoding="utf-8")
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
