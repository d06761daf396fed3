"""The CI gate of the UNGDC suite: its cases in-process over the subset's index, against eval/floors.json.

The index is built once in the embedding cache folder (keyed by the speeches' content hashes) and
reused by later sessions; every chunk and sentence vector goes through the on-disk embedding
cache, so after the first run the suite embeds only what changed.
"""

from __future__ import annotations

import pytest

from eval import gate, ungdc_subset
from eval.cases import load_cases
from eval.client import in_process
from eval.runner import run_cases
from eval.summary import summarize
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def ungdc_summary(embedder):
    if not ungdc_subset.default_data_dir().is_dir():
        pytest.skip("../shared/data/ungdc is not available")
    from eval.embcache import CachedEmbedder, EmbeddingCache
    from qa_service.engine import Engine

    cached = CachedEmbedder(EmbeddingCache(embedder))
    subset, _ = ungdc_subset.prepare(embedder=cached)
    settings = make_settings(subset.index_dir, corpus_dir=subset.corpus_dir)
    engine = Engine(settings, embedder=cached)
    engine.start(watch=False)
    with in_process(settings, engine) as api:  # as `python -m eval` serves it: measured once warm
        rows = run_cases(api, load_cases(ungdc_subset.CASES_PATH))
        return summarize(rows), bool(api.chat_available), rows


def test_ungdc_figures_meet_their_floors(ungdc_summary):
    summary, chat_available, _ = ungdc_summary
    result = gate.check(summary, gate.load_floors(suite="ungdc"), chat_available)
    assert result.ok, "below the UNGDC floors in eval/floors.json:\n" + "\n".join(result.violations)


def test_ungdc_floors_cover_every_kind_of_figure(ungdc_summary):
    summary, _, rows = ungdc_summary
    floors = gate.load_floors(suite="ungdc")
    assert {"retrieval", "answers", "multidoc"} <= set(floors)
    assert {"list_recall", "list_precision", "evolution_coverage", "comparison_coverage"} <= set(floors["multidoc"])
    for group in floors.values():
        assert set(group) <= set(summary), "a floor names a figure the summary does not have"
    assert summary["cases"] >= 150 and len({r.question_type for r in rows}) == 6


def test_the_subset_is_a_hundred_speeches_with_ten_countries_over_several_years():
    names = ungdc_subset.subset_names()
    years_by_country: dict[str, set[str]] = {}
    for name in names:
        country, _, year = name.removesuffix(".txt").split("_")
        years_by_country.setdefault(country, set()).add(year)
    assert len(names) >= 100
    assert sum(len(years) >= 5 for years in years_by_country.values()) >= 10
