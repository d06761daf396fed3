"""Metadata from the submission text, UNGDC file names, sidecars and manifests; action-line tags."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from indexer import metadata
from indexer.action_lines import action_lines_in_query, tag_action_lines
from indexer.loaders import load_file
from tests.conftest import SEED


def test_seed_metadata_is_read_from_the_text():
    doc = load_file(SEED)
    meta = metadata.resolve(SEED, SEED.parent, doc.text, doc.hints)
    assert meta.entity == "UNDP"
    assert meta.entity_name == "United Nations Development Programme"
    assert meta.year == 2021
    assert meta.session == 25
    assert meta.session_venue == "Geneva, 28 March to 1 April 2022"
    assert meta.date == "October 2021"
    assert meta.collection == "CSTD WSIS submissions"
    assert "UNDP" in (meta.title or "") and "2021" in (meta.title or "")


def test_ungdc_file_names_give_country_and_year(tmp_path: Path):
    path = tmp_path / "GHA_76_2021.txt"
    path.write_text("Mr. President, ...", encoding="utf-8")
    meta = metadata.resolve(path, tmp_path, "Mr. President, ...", {})
    assert (meta.entity, meta.entity_name, meta.year, meta.session) == ("GHA", "Ghana", 2021, 76)
    assert "Republic of Ghana" in meta.entity_aliases
    assert meta.entity_kind == "country" and meta.collection == "UN General Debate"
    bolivia = metadata.from_file_name(Path("BOL_74_2019.txt"))
    assert "Bolivia" in bolivia["entity_aliases"]


def test_sidecar_overrides_and_manifest(tmp_path: Path):
    doc_path = tmp_path / SEED.name
    shutil.copy(SEED, doc_path)
    (tmp_path / "manifest.json").write_text(
        json.dumps({"documents": {SEED.name: {"source": "https://example.org/undp.pdf", "title": "From manifest"}}})
    )
    doc_path.with_name(doc_path.name + ".meta.json").write_text(json.dumps({"title": "From sidecar"}))
    text = load_file(doc_path).text
    meta = metadata.resolve(doc_path, tmp_path, text, {})
    assert meta.title == "From sidecar"  # the sidecar wins over the manifest
    assert meta.source == "https://example.org/undp.pdf"
    assert meta.entity == "UNDP"  # untouched fields still come from the text


def test_sidecar_entity_expands_to_full_name(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("A note.", encoding="utf-8")
    path.with_name("note.txt.meta.json").write_text(json.dumps({"entity": "ITU", "year": "2022"}))
    meta = metadata.resolve(path, tmp_path, "A note.", {})
    assert (meta.entity, meta.entity_name, meta.year) == ("ITU", "International Telecommunication Union", 2022)


def test_action_lines_from_the_seed_bullets():
    assert tag_action_lines("management information systems (e-health)") == ["C7", "C7.e-health"]
    assert tag_action_lines("address disinformation (media and access to information)") == ["C3", "C9"]
    assert tag_action_lines("user groups (capacity building)") == ["C4"]
    assert tag_action_lines("meet development goals (enabling environment)") == ["C6"]
    assert tag_action_lines("response (international and regional cooperation)") == ["C11"]
    assert tag_action_lines("nothing to see") == []
    assert action_lines_in_query("What was done under C9 and e-health?") == ["C7", "C7.e-health", "C9"]
