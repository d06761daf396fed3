"""External benchmark commands on tiny fixtures: BEIR layout (with the embedding cache) and SQuAD format."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from eval import beir
from eval.embcache import EmbeddingCache
from eval.squad import covered, evaluate
from eval.squad_data import locate_answers, read_squad, select_documents

DOCS = {
    "d1": ("Vitamin D", "Vitamin D supplements reduce the risk of bone fractures in older adults."),
    "d2": ("Malaria", "Bed nets treated with insecticide lower malaria transmission in villages."),
    "d3": ("Smoking", "Tobacco smoking causes lung cancer and heart disease."),
    "d4": ("Exercise", "Regular aerobic exercise improves memory in ageing brains."),
    "d5": ("Sleep", "Short sleep duration is linked to obesity in children."),
    "d6": ("Vaccines", "Measles vaccination prevents outbreaks in schools."),
}
QUERIES = {
    "q1": ("insecticide bed nets malaria", "d2"),
    "q2": ("tobacco lung cancer", "d3"),
    "q3": ("measles vaccination outbreaks", "d6"),
}


@pytest.fixture()
def beir_dir(tmp_path) -> Path:
    folder = tmp_path / "tiny"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, (t, x) in DOCS.items())
    )
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, (t, _) in QUERIES.items())
    )
    rows = "".join(f"{q}\t{d}\t1\n" for q, (_, d) in QUERIES.items())
    (folder / "qrels" / "train.tsv").write_text("query-id\tcorpus-id\tscore\n" + rows)
    return folder


def beir_args(folder: Path, tmp_path: Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    beir.add_arguments(parser)
    return parser.parse_args(
        [
            str(folder),
            "--split",
            "train",
            "--cache",
            str(tmp_path / "cache"),
            "--out",
            str(tmp_path / "reports"),
            "--json",
        ]
    )


def test_beir_scores_every_method_and_a_second_run_embeds_nothing(beir_dir, tmp_path, embedder, capsys):
    args = beir_args(beir_dir, tmp_path)
    assert beir.run(args, embedder) == 0
    first = capsys.readouterr()
    results = json.loads(first.out)
    assert set(results) == {"dense", "keyword", "hybrid", "convex"}
    for method in ("dense", "keyword", "hybrid"):
        assert results[method] == {"ndcg@10": pytest.approx(1.0), "recall@100": pytest.approx(1.0)}, method
    assert "cv_ndcg@10" in results["convex"] and 0 <= results["convex"]["alpha"] <= 1
    assert "embedded 9 texts, 0 from the cache" in first.err  # 6 passages + 3 queries
    assert beir.run(args, embedder) == 0
    second = capsys.readouterr()
    assert json.loads(second.out) == results
    assert "embedded 0 texts, 9 from the cache" in second.err


def test_cache_key_follows_the_text(tmp_path, embedder):
    cache = EmbeddingCache(embedder, tmp_path)
    a = cache.encode(["one text", "another text"])
    b = cache.encode(["another text", "a changed text"])
    assert cache.embedded == 3 and cache.reused == 1
    assert (a[1] == b[0]).all() and a.shape == (2, embedder.dimension)


def test_beir_needs_the_split(beir_dir, tmp_path):
    with pytest.raises(FileNotFoundError, match="no qrels for split 'test'"):
        beir.load_qrels(beir_dir, "test")


SQUAD = {
    "version": "tiny",
    "data": [
        {
            "title": "acme.com",
            "paragraphs": [
                {
                    "context": "We collect your email address when you register for an account.",
                    "qas": [
                        {
                            "id": "a1",
                            "question": "What do they collect at registration?",
                            "answers": [{"text": "email address", "answer_start": 16}],
                        }
                    ],
                },
                {
                    "context": "We share data with advertising partners only with your consent.",
                    "qas": [
                        {
                            "id": "a2",
                            "question": "When is data shared with advertisers?",
                            "answers": [{"text": "only with your consent", "answer_start": 41}],
                        }
                    ],
                },
                {"context": "You may delete your account at any time by contacting support.", "qas": []},
            ],
        },
        {
            "title": "beta.org",
            "paragraphs": [
                {"context": "Cookies are used to remember your preferences.", "qas": []},
                {
                    "context": "We retain server logs for **90 days** --- then we delete them.",
                    "qas": [
                        {
                            "id": "b1",
                            "question": "How long are logs kept?",
                            "answers": [{"text": "**90 days**", "answer_start": 26}],
                        }
                    ],
                },
            ],
        },
    ],
}


def test_covered_by_the_union_of_spans():
    assert covered((5, 10), [(0, 7), (7, 12)])
    assert not covered((5, 10), [(0, 7), (8, 12)])
    assert covered((5, 10), [(5, 10)]) and not covered((5, 10), [])


def test_answers_are_located_in_the_normalised_text(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(SQUAD))
    squad = read_squad(path)
    texts = {
        "acme.com": "\n\n".join(p["context"] for p in SQUAD["data"][0]["paragraphs"]),
        "beta.org": "Cookies are used to remember your preferences.\n\n"
        "We retain server logs for 90 days \u2014 then we delete them.",
    }
    locate_answers(squad, texts, path)
    spans = {q.qid: texts[q.doc][q.spans[0][0] : q.spans[0][1]] for q in squad.questions}
    assert spans == {"a1": "email address", "a2": "only with your consent", "b1": "90 days"}
    assert squad.unlocated == 0


def test_the_held_out_policies_are_read_from_the_scorer_model_and_located_alone(tmp_path):
    path, model = tmp_path / "tiny.json", tmp_path / "learned.json"
    path.write_text(json.dumps(SQUAD))
    split = {"policyqa_train": ["acme.com"], "policyqa_heldout": ["beta.org"]}
    model.write_text(json.dumps({"trained": {"split": split}}))
    held = select_documents(read_squad(path), "heldout", model)
    assert list(held.documents) == ["beta.org"] and [q.qid for q in held.questions] == ["b1"]
    assert [q.qid for q in select_documents(read_squad(path), "train", model).questions] == ["a1", "a2"]
    assert select_documents(read_squad(path), "all", model).questions == read_squad(path).questions
    texts = {
        "beta.org": "Cookies are used to remember your preferences.\n\n"
        "We retain server logs for 90 days \u2014 then we delete them."
    }
    locate_answers(held, texts, path)  # the selection keeps the ids the whole file gives its documents
    assert texts["beta.org"][slice(*held.questions[0].spans[0])] == "90 days"


def test_squad_command_indexes_passages_and_finds_answer_spans(tmp_path, embedder):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(SQUAD))
    result = evaluate(path, "document", None, 16, True, tmp_path / "cache", embedder)
    assert result["questions"] == 3 and result["unlocated_answers"] == 0
    assert result["documents"] == 2 and result["chunks"] == 5  # one chunk per context at 16 tokens
    assert result["span_in_top10"] == 1.0  # a document's every chunk is among its top 10
    assert result["span_in_top1"] >= 2 / 3
    if not result["chat_available"]:
        assert result["span_in_citations"] is None and result["answer_contains_gold"] is None
