"""Which files of the corpus folder are documents: staging dot folders are never entered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.scan import corpus_files


def test_dot_folders_are_not_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # An upload job removes its folder under .incoming while a request scans the corpus: a walk that
    # enters the folder can find it gone. Record every folder listed and fail on a dot folder.
    (tmp_path / "undp").mkdir()
    (tmp_path / "undp" / "a.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    staged = tmp_path / ".incoming" / "job1"
    staged.mkdir(parents=True)
    (staged / "c.txt").write_text("Staged.", encoding="utf-8")
    listed: list[str] = []
    real_scandir = os.scandir

    def recording_scandir(path=None):
        listed.append(os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", recording_scandir)
    found, errors = corpus_files(tmp_path)
    assert [doc_id for doc_id, _ in found] == ["b", "undp--a"]
    assert errors == []
    assert listed and not any(".incoming" in folder for folder in listed)


def test_a_folder_gone_during_the_walk_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "gone").mkdir()
    real_scandir = os.scandir

    def vanishing_scandir(path=None):
        if os.fspath(path).endswith("gone"):
            raise FileNotFoundError(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", vanishing_scandir)
    found, _ = corpus_files(tmp_path)
    assert [doc_id for doc_id, _ in found] == ["b"]


def test_symbolic_links_and_unsupported_files_are_reported(tmp_path: Path):
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    found, errors = corpus_files(tmp_path)
    assert [doc_id for doc_id, _ in found] == ["b"]
    assert any("symbolic link" in line for line in errors) and any("unsupported" in line for line in errors)
