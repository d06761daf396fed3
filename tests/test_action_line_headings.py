"""Action-line tags see the headings a paragraph sits under, and every build re-tags reused chunks."""

from __future__ import annotations

import textwrap
from pathlib import Path

from indexer import build as build_module
from indexer.action_lines import tag_chunk
from indexer.build import build
from indexer.reader import IndexSnapshot

SUBMISSION = """
    Submission by

    World Health Organization

    ## C7 e-health

    In 2021 WHO trained 400 clinicians to read patient records on tablets in rural clinics.

    ## Action line C4

    Two hundred nurses followed the new curriculum in 2021.

    ## Action lines C1-C11

    The organisation reported on its whole programme in 2021.
"""


def test_heading_names_the_line_of_the_paragraph_below() -> None:
    assert tag_chunk("Clinicians read patient records on tablets.", ["C7 e-health"]) == ["C7", "C7.e-health"]
    assert tag_chunk("Nurses followed the curriculum.", ["Part Two", "Action line C4"]) == ["C4"]
    # A heading naming a range of codes is about all of them: it tags none by code.
    assert tag_chunk("The whole programme.", ["Action lines C1-C11"]) == []
    # Without headings, the body alone decides, as before.
    assert tag_chunk("Cybersecurity drills in 2021.", []) == ["C5"]


def test_build_tags_chunks_by_their_heading(tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "who-2021.md").write_text(textwrap.dedent(SUBMISSION).strip() + "\n", encoding="utf-8")
    build(corpus, tmp_path / "index", embedder)
    snap = IndexSnapshot.open_current(tmp_path / "index")
    chunks = [c for _, c in snap.document_chunks(snap.doc_ids[0])]
    snap.close()

    def tags_of(word: str) -> list[str]:
        return next(c.action_lines for c in chunks if word in c.text)

    assert tags_of("clinicians") == ["C7", "C7.e-health"]  # the paragraph itself never says e-health
    assert tags_of("nurses") == ["C4"]
    assert tags_of("whole programme") == []


def test_every_build_re_tags_reused_chunks_without_embedding(tmp_path: Path, embedder, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "who-2021.md").write_text(textwrap.dedent(SUBMISSION).strip() + "\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir, embedder)

    # Same documents, a tagger that now also finds C10 in one paragraph (as better patterns would).
    def grown(body: str, headings: list[str]) -> list[str]:
        return tag_chunk(body, headings) + (["C10"] if "organisation" in body else [])

    monkeypatch.setattr(build_module, "tag_chunk", grown)
    second = build(corpus, index_dir, embedder)
    assert not second.up_to_date and second.snapshot != first.snapshot
    assert second.embedded_chunks == 0 and second.retagged_chunks >= 1
    snap = IndexSnapshot.open_current(index_dir)
    texts = {c.text: c.action_lines for _, c in snap.document_chunks(snap.doc_ids[0])}
    assert [tags for text, tags in texts.items() if "organisation" in text] == [["C10"]]
    assert frozenset({"C10"}) in snap.rows.action_lines  # the row metadata follows the store
    snap.close()
    third = build(corpus, index_dir, embedder)
    assert third.up_to_date  # nothing changed since: no new snapshot
