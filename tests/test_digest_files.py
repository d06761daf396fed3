"""The digest as Markdown (route) and DOCX (route and command): python-docx opens it, the quotes are there."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from qa_service.digest.lines import DIGEST_CODES
from qa_service.digest.markdown import escape
from tests.conftest import REPO


@pytest.fixture(scope="module")
def quotes(client) -> list[str]:
    digest = client.get("/v1/digest", params={"year": 2021}).json()
    found = [c["quote"] for line in digest["action_lines"] for e in line["entities"] for c in e["citations"]]
    assert len(found) >= 5
    return found


def test_markdown_has_a_section_per_line_and_a_footnote_per_citation(client, quotes) -> None:
    response = client.get("/v1/digest", params={"year": 2021, "format": "markdown"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    text = response.text
    sections = re.findall(r"^## (C\d+) ", text, re.MULTILINE)
    assert sections == list(DIGEST_CODES)
    assert "No submission of 2021 addresses this action line." in text  # C8 and others
    references = re.findall(r"\[\^(\d+)\](?!:)", text)
    definitions = re.findall(r"^\[\^(\d+)\]: .*undp-2021-cstd25-wsis-submission, characters \d+\u2013\d+", text, re.M)
    assert references == definitions == [str(i) for i in range(1, len(quotes) + 1)]
    for quote in quotes:
        assert escape(quote) in text


def test_markdown_escapes_what_a_submission_could_inject() -> None:
    assert escape("see [here](javascript:x) <b>*bold*</b>") == (
        "see \\[here\\](javascript:x) \\<b\\>\\*bold\\*\\</b\\>"
    )


def _paragraph_texts(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_docx_download_opens_in_python_docx_with_every_quote(client, quotes) -> None:
    response = client.get("/v1/digest", params={"year": 2021, "format": "docx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="wsis-digest-2021.docx"' in response.headers["content-disposition"]
    text = _paragraph_texts(response.content)
    for quote in quotes:
        assert f"\u201c{quote}\u201d" in text
    headings = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.style.name == "Heading 1"]
    assert [h.split()[0] for h in headings[:11]] == list(DIGEST_CODES) and headings[-1] == "Sources"


def test_command_writes_markdown_and_docx(tmp_path: Path, seed_index, quotes) -> None:
    md, word = tmp_path / "digest.md", tmp_path / "digest.docx"
    env = {**os.environ, "QA_INDEX_DIR": str(seed_index), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "qa_service.digest", "--year", "2021", "--out", str(md), "--out", str(word)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "6 of 11 action lines addressed" in done.stdout
    text = _paragraph_texts(word.read_bytes())
    markdown = md.read_text(encoding="utf-8")
    for quote in quotes:
        assert quote in text and escape(quote) in markdown


def test_command_reports_bad_input(tmp_path: Path, seed_index) -> None:
    env = {**os.environ, "QA_INDEX_DIR": str(seed_index), "HF_HUB_OFFLINE": "1"}
    run = [sys.executable, "-m", "qa_service.digest", "--year", "2019", "--out", str(tmp_path / "d.docx")]
    done = subprocess.run(run, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "unknown_year" in done.stderr
    assert not (tmp_path / "d.docx").exists()
    bad_name = subprocess.run(
        [sys.executable, "-m", "qa_service.digest", "--year", "2021", "--out", str(tmp_path / "d.pdf")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad_name.returncode == 2 and ".md or .docx" in bad_name.stderr
