"""SQuAD-format data as a corpus: one document per title, one paragraph per context, answer spans
located in the normalised text the indexer produces (so they can be compared with chunk offsets)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from eval.cases import quote_pattern
from indexer.loaders import load_bytes
from indexer.loaders.markdown import clean_inline

LEARNED_MODEL = Path(__file__).resolve().parents[1] / "qa_service" / "answering" / "models" / "learned.json"


@dataclass
class Question:
    qid: str
    doc: str  # document id of the title (the file stem, as the indexer names it)
    text: str
    answers: list[str]
    spans: list[tuple[int, int]]  # located answer spans in the document's normalised text


@dataclass
class SquadSet:
    documents: dict[str, tuple[str, list[str]]]  # doc id -> (title, contexts)
    questions: list[Question]
    unlocated: int = 0  # answers whose text could not be found in the normalised document


def slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", title).strip("-.").lower()[:80] or "document"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def read_squad(path: Path) -> SquadSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    documents: dict[str, tuple[str, list[str]]] = {}
    questions: list[Question] = []
    taken: set[str] = set()
    for article in data["data"]:
        doc = slug(str(article.get("title") or "untitled"), taken)
        contexts = [p["context"] for p in article["paragraphs"]]
        documents[doc] = (str(article.get("title") or doc), contexts)
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = [a["text"] for a in qa.get("answers", []) if a.get("text", "").strip()]
                if answers:
                    questions.append(Question(str(qa["id"]), doc, qa["question"], answers, []))
    return SquadSet(documents, questions)


def select_documents(squad: SquadSet, policies: str, model: Path = LEARNED_MODEL) -> SquadSet:
    """Only the documents of one half of the learned scorer's split by policy (``all``: every one).

    The split is read from the model file, so the held-out figure stays out of sample for the
    scorer actually shipped, whatever split it was trained with."""
    if policies == "all":
        return squad
    split = json.loads(model.read_text(encoding="utf-8"))["trained"]["split"]
    keep = set(split["policyqa_heldout" if policies == "heldout" else "policyqa_train"])
    documents = {d: v for d, v in squad.documents.items() if d in keep}
    if not documents:
        raise ValueError(f"no document of {model.name}'s {policies} split is in this file")
    return SquadSet(documents, [q for q in squad.questions if q.doc in keep])


def write_corpus(squad: SquadSet, folder: Path) -> None:
    """``<doc>.txt`` with the contexts as blank-line separated paragraphs, title in a sidecar."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc, (title, contexts) in squad.documents.items():
        (folder / f"{doc}.txt").write_text("\n\n".join(" ".join(c.split()) for c in contexts) + "\n", encoding="utf-8")
        (folder / f"{doc}.txt.meta.json").write_text(json.dumps({"title": title}), encoding="utf-8")


def locate_answers(squad: SquadSet, texts: dict[str, str], path: Path) -> None:
    """Fill ``Question.spans`` with the answer's offsets in the normalised text of its context."""
    data = json.loads(path.read_text(encoding="utf-8"))
    by_id = {q.qid: q for q in squad.questions}
    taken: set[str] = set()
    for article in data["data"]:
        doc = slug(str(article.get("title") or "untitled"), taken)  # the id read_squad gave it
        if doc not in squad.documents:
            continue
        text, cursor = texts.get(doc, ""), 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            normal = load_bytes(context.encode("utf-8"), Path("context.txt")).text if context.strip() else ""
            found = quote_pattern(normal).search(text, cursor) if normal.split() else None
            if found is None:
                squad.unlocated += sum(1 for qa in paragraph["qas"] if qa["id"] in by_id)
                continue
            cursor = found.end()
            for qa in paragraph["qas"]:
                question = by_id.get(str(qa["id"]))
                if question is None:
                    continue
                for answer in qa["answers"]:
                    span = _answer_span(text, found.start(), found.end(), answer, len(context))
                    if span:
                        question.spans.append(span)
                if not question.spans:
                    squad.unlocated += 1


def _answer_span(text: str, start: int, end: int, answer: dict[str, object], raw_length: int) -> tuple[int, int] | None:
    """The occurrence of the answer in text[start:end] nearest its raw offset (answers repeat)."""
    words = clean_inline(str(answer.get("text", ""))).split()
    if not words:
        return None
    hits = list(quote_pattern(" ".join(words)).finditer(text, start, end))
    if not hits:
        return None
    expected = start + (end - start) * int(str(answer.get("answer_start", 0))) / max(raw_length, 1)
    best = min(hits, key=lambda m: abs(m.start() - expected))
    return best.start(), best.end()
