"""Training and test rows for the answer-sentence scorer, made by the serving code itself.

Each question goes through the answerer's retrieval, candidate sentences and the scorer's
``features`` (qa_service/answering/calibrate.question_features), so a model trained on these rows
scores exactly what serving will hand it. Labels:
- PolicyQA (SQuAD format): a candidate is positive when it holds at least half of a gold span
  (or the span holds half of the sentence); every question is answerable.
- calibration questions (eval/calibration/questions.json): a candidate is positive when it
  contains the question's ``expect`` text; unanswerable questions have only negatives.
- calibration questions over UNGDC speeches outside the eval subset (eval/calibration/ungdc_questions.json,
  whose "corpus" names the speeches): the same, over an index of those speeches.
- seed cases (eval/cases.jsonl) and UNGDC suite cases (eval/ungdc/cases.jsonl): single-question cases, for
  held-out abstention figures.
- UNGDC suite cases as ranking data (``evidence_groups``): an answerable single-question case's candidate is
  positive when it holds half of an evidence quote (or the quote half of it), as PolicyQA spans are matched.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qa_service.answering import compose
from qa_service.answering.calibrate import Seen, question_features
from qa_service.answering.scoring import Scored

REPO = Path(__file__).resolve().parents[1]


def add_calibration_arguments(parser: argparse.ArgumentParser) -> None:
    """The calibration data every training command reads: the question sets, the speeches of those that bring
    their own ("corpus" key), and the seed corpus the others are asked over."""
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "calibration" / "questions.json")
    parser.add_argument(
        "--more-questions",
        type=Path,
        nargs="*",
        default=[REPO / "eval" / "calibration" / "ungdc_questions.json"],
        help="calibration sets over speeches of their own (their 'corpus' key, under --ungdc-dir)",
    )
    parser.add_argument("--ungdc-dir", type=Path, default=REPO.parent / "shared" / "data" / "ungdc")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")


@dataclass
class Group:
    """One question's candidates: features, labels, and what is needed to compose its answer."""

    source: str  # "policyqa", "calibration", "seed"
    key: str  # policy (document) for PolicyQA; the set's name otherwise
    question: str
    answerable: bool
    answers: list[str]  # gold answer texts (PolicyQA) or the expected text
    seen: Seen
    labels: np.ndarray
    facts: list[list[str]] = field(default_factory=list)  # key facts (alternative wordings each), eval cases


def chosen_sentences(scorer: Any, g: Group) -> list[Scored] | None:
    """The sentences ``compose.select`` answers with from the group's candidates, as ``scorer`` ranks them;
    None when the search notice stopped the question or the best sentence is under the threshold (it abstains)."""
    if g.seen.notice or not len(g.seen.features):
        return None
    scores = scorer.score(g.seen.features)
    order = sorted(
        range(len(scores)), key=lambda i: (-scores[i], g.seen.candidates[i].rank, g.seen.candidates[i].start)
    )
    ranked = [Scored(g.seen.candidates[i], 0.0, 0.0, float(scores[i]), g.seen.vectors[i]) for i in order]
    if ranked[0].score < scorer.threshold:
        return None
    return compose.select(ranked, scorer.threshold, compose.Selection())


def answer_text(chosen: list[Scored]) -> str:
    return " ".join(compose.tidy(s.candidate.text) for s in chosen)


def _answerer(settings: Any, embedder: Any) -> Any:
    import torch

    from qa_service.answering.answerer import Answerer
    from qa_service.engine import Engine

    torch.set_num_threads(1)
    # Features are the same whatever the served scorer; the hand file loads even when learned.json is the
    # one being retrained for new features; the answerability model is not needed to compute features either.
    settings = settings.model_copy(update={"answer_scorer": "hand", "answerability_model": ""})
    engine = Engine(settings, embedder=embedder)
    engine.start(watch=False)
    answerer = Answerer(engine, settings)
    answerer.warm(background=False)
    return answerer


@contextmanager
def policyqa_answerer(squad_file: Path, embedder: Any) -> Iterator[tuple[Any, Any]]:
    """(answerer over a throw-away index of the file's policies, SquadSet with located spans)."""
    from eval.client import eval_settings
    from eval.squad_data import locate_answers, read_squad, write_corpus
    from indexer.build import build

    squad = read_squad(squad_file)
    with tempfile.TemporaryDirectory(prefix="wsis-train-scorer-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        write_corpus(squad, corpus)
        build(corpus, index, embedder)
        answerer = _answerer(eval_settings(index_dir=index, corpus_dir=corpus), embedder)
        snap = answerer.engine.index.snapshot
        texts = {d: snap.documents[d].text for d in squad.documents}
        locate_answers(squad, texts, squad_file)
        yield answerer, squad


def policyqa_groups(answerer: Any, squad: Any, limit: int | None = None) -> list[Group]:
    from qa_service.retrieval.filters import Filters

    groups = []
    questions = [q for q in squad.questions if q.spans][:limit]
    for i, q in enumerate(questions, start=1):
        seen = question_features(answerer, q.text, Filters(doc_ids=(q.doc,)))
        labels = np.array([any(_holds(c.start, c.end, s) for s in q.spans) for c in seen.candidates], dtype=bool)
        groups.append(Group("policyqa", q.doc, q.text, True, q.answers, seen, labels))
        if i % 500 == 0:
            print(f"[train_scorer] policyqa {i}/{len(questions)}", file=sys.stderr, flush=True)
    return groups


def _holds(start: int, end: int, span: tuple[int, int]) -> bool:
    shared = min(end, span[1]) - max(start, span[0])
    return shared > 0 and (shared * 2 >= span[1] - span[0] or shared * 2 >= end - start)


@contextmanager
def corpus_answerer(index_dir: Path | None, corpus: Path, embedder: Any) -> Iterator[Any]:
    """An answerer over ``index_dir``, or over a throw-away index of ``corpus``."""
    from eval.client import eval_settings
    from indexer.build import build

    with tempfile.TemporaryDirectory(prefix="wsis-train-scorer-") as tmp:
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            build(corpus, index_dir, embedder)
        yield _answerer(eval_settings(index_dir=index_dir), embedder)


@contextmanager
def speeches_answerer(names: list[str], data_dir: Path, embedder: Any) -> Iterator[Any]:
    """An answerer over a throw-away index of the named speeches (``2021/FIN_76_2021.txt`` under ``data_dir``)."""
    import shutil

    from eval.client import eval_settings
    from indexer.build import build

    with tempfile.TemporaryDirectory(prefix="wsis-train-scorer-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        for name in names:
            shutil.copyfile(data_dir / name, corpus / Path(name).name)
        build(corpus, index, embedder)
        yield _answerer(eval_settings(index_dir=index, corpus_dir=corpus), embedder)


@contextmanager
def ungdc_subset_answerer(embedder: Any) -> Iterator[Any]:
    """An answerer over the UNGDC eval suite's subset (its cached index), for held-out abstention figures."""
    from eval import ungdc_subset
    from eval.client import eval_settings

    subset, _ = ungdc_subset.prepare(embedder=embedder)
    yield _answerer(eval_settings(index_dir=subset.index_dir, corpus_dir=subset.corpus_dir), embedder)


def calibration_corpus(questions_file: Path) -> list[str]:
    """The speeches a calibration file is about (its "corpus" key), or [] for the seed corpus."""
    return list(json.loads(questions_file.read_text(encoding="utf-8")).get("corpus", []))


def calibration_groups(answerer: Any, questions_file: Path) -> list[Group]:
    data = json.loads(questions_file.read_text(encoding="utf-8"))
    groups = []
    for answerable, key in ((True, "answerable"), (False, "unanswerable")):
        for case in data[key]:
            expect = case.get("expect")
            seen = question_features(answerer, case["q"])
            labels = np.array([bool(expect and expect in c.text) for c in seen.candidates], dtype=bool)
            groups.append(
                Group(
                    "calibration", questions_file.stem, case["q"], answerable, [expect] if expect else [], seen, labels
                )
            )
    return groups


def seed_groups(answerer: Any, cases_file: Path, source: str = "seed") -> list[Group]:
    """Single-question eval cases (conversations need the chat's resolution), for abstention figures."""
    groups = []
    for case in _cases(cases_file):
        seen = question_features(answerer, case["question"])
        labels = np.zeros(len(seen.candidates), dtype=bool)
        groups.append(Group(source, case["id"], case["question"], bool(case["answerable"]), [], seen, labels))
    return groups


def evidence_groups(answerer: Any, cases_file: Path, source: str = "ungdc") -> list[Group]:
    """Answerable single-question eval cases with evidence quotes, labelled by the quotes: ranking training
    data from the service's own corpus. ``key`` is the country of the first quoted speech (``NOR_74_2019``),
    so that folds keep one speaker's questions together."""
    groups = []
    for case in _cases(cases_file):
        quotes = [(e["doc"], e["quote"]) for e in case.get("evidence", []) if e.get("quote")]
        if not case["answerable"] or not quotes:
            continue
        seen = question_features(answerer, case["question"])
        labels = np.array([any(_quoted(c, doc, quote) for doc, quote in quotes) for c in seen.candidates], dtype=bool)
        country = quotes[0][0].split("_")[0]
        facts = [list(alternatives) for alternatives in case.get("key_facts", [])]
        groups.append(Group(source, country, case["question"], True, [], seen, labels, facts))
    return groups


def _cases(cases_file: Path) -> Iterator[dict[str, Any]]:
    """Single-question cases of a plain kind (conversations need the chat's resolution; typed answers such as
    listings or counts are not one sentence's)."""
    for line in cases_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        if case.get("question") and case.get("question_type", "factoid") in ("factoid", "fact"):
            yield case


def _quoted(candidate: Any, doc: str, quote: str) -> bool:
    """Whether the candidate sentence and the evidence quote share half of one of them (whitespace-insensitive)."""
    if Path(candidate.document.doc_id).stem != doc and Path(candidate.document.path).stem != doc:
        return False
    text = candidate.document.text
    start = _find_loose(text, quote)
    return start is not None and _holds(candidate.start, candidate.end, start)


def _find_loose(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in ``text``, runs of white space matching any run of white space."""
    import re

    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None
