"""Hypothesis properties of the chunker and the loaders.

- Chunks: offsets reproduce the text, cover every block, stay within the model's limit as
  counted by the real MiniLM tokenizer, and never raise.
- Loaders: any bytes named .txt, .md, .html, .pdf or .docx give a document whose block
  offsets reproduce its text, or a LoadError; nothing else, and nothing slow. PDF and DOCX
  bytes are also made by mutating real files, so the fuzzing gets past the first check.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.chunking import ChunkParams, chunk_document
from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders import LoadError, load_bytes
from indexer.tokens import count_tokens

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that is hard on tokenizers: words, digits, punctuation runs, CJK, emoji, combining marks, long "words".
WORDY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcdefghij klmnop. ,;:!?()-\n\t")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=1500,
)
LONG_RUN = st.builds(
    lambda c, n: c * n, st.sampled_from(["x", "7", "\u4e2d", "\U0001f600", "-", "a\u0301"]), st.integers(1, 3000)
)
BLOCK_TEXT = st.one_of(
    WORDY,
    LONG_RUN,
    st.lists(
        st.sampled_from(["In 2021 UNDP", "supported", "e-government", "ICT4D", "C7", "digital"]), max_size=400
    ).map(" ".join),
)


@st.composite
def documents(draw) -> ParsedDocument:
    builder = DocumentBuilder()
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["heading", "paragraph", "paragraph", "list_item", "table"]))
        level = draw(st.integers(1, 4)) if kind == "heading" else 0
        builder.add(kind, draw(BLOCK_TEXT), level=level, page=draw(st.none() | st.integers(1, 50)))
    return builder.build("fuzz.md", "markdown")


def check_document(doc: ParsedDocument) -> None:
    """Block offsets reproduce the text: blocks in order, trimmed, joined by blank lines."""
    text = doc.text
    previous_end = 0
    for block in doc.blocks:
        assert previous_end <= block.start < block.end <= len(text)
        piece = text[block.start : block.end]
        assert piece == piece.strip() and "\n\n" not in piece
        previous_end = block.end
    assert text == "\n\n".join(text[b.start : b.end] for b in doc.blocks)


# -- chunker -------------------------------------------------------------------------------
@FUZZ
@given(doc=documents(), budget=st.sampled_from([16, 48, 160]), model_limit=st.sampled_from([48, 128, 256]))
def test_chunks_reproduce_the_text_and_fit_the_model(embedder, doc, budget, model_limit):
    model_limit = min(model_limit, embedder.max_seq_length)
    params = ChunkParams(budget, min(32, budget // 2), model_limit)
    chunks = chunk_document(doc, params, count_tokens, embedder.count_tokens)
    text = doc.text
    covered = [False] * len(text)
    for ordinal, chunk in enumerate(chunks):
        assert chunk.ordinal == ordinal
        assert 0 <= chunk.start < chunk.end <= len(text)
        body = text[chunk.start : chunk.end]
        assert body.strip() and body == body.strip()
        assert embedder.count_tokens(chunk.embed_text(text)) <= model_limit
        for s, e in chunk.sentences:
            assert chunk.start <= s < e <= chunk.end
        for i in range(chunk.start, chunk.end):
            covered[i] = True
    for block in doc.blocks:
        if block.kind != "heading":
            missed = [i for i in range(block.start, block.end) if not covered[i] and not text[i].isspace()]
            assert not missed, f"characters of a {block.kind} block in no chunk: {text[missed[0] : missed[0] + 20]!r}"


@FUZZ
@given(doc=documents())
def test_builder_offsets_reproduce_the_text(doc):
    check_document(doc)


# -- loaders -------------------------------------------------------------------------------
def load_or_refuse(data: bytes, suffix: str) -> ParsedDocument | None:
    try:
        doc = load_bytes(data, Path(f"fuzz{suffix}"))
    except LoadError:
        return None
    check_document(doc)
    assert doc.text.strip()
    return doc


@lru_cache(maxsize=1)
def sample_pdfs() -> tuple[bytes, ...]:
    from fpdf import FPDF

    out = []
    for compress in (False, True):
        pdf = FPDF()
        pdf.compress = compress
        pdf.set_title("Submission by UNDP")
        for page in range(3):
            pdf.add_page()
            pdf.set_font("helvetica", size=11)
            pdf.multi_cell(0, 6, f"Page {page}. In 2021 UNDP supported e-government in 40 countries.\n- a bullet\n")
        out.append(bytes(pdf.output()))
    return tuple(out)


@lru_cache(maxsize=1)
def sample_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Submission by ITU"
    document.add_heading("Part One", level=1)
    document.add_paragraph("In 2021 ITU connected schools.")
    document.add_paragraph("A list item", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "C2"
    table.cell(1, 1).text = "infrastructure"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, delete count, insertion) edits; positions wrap around the data."""
    buffer = bytearray(data)
    for position, delete, insert in edits:
        at = position % (len(buffer) + 1)
        buffer[at : at + delete] = insert
    return bytes(buffer)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=16)), min_size=1, max_size=8)


def mutate_docx_part(edits: list[tuple[int, int, bytes]], member_index: int) -> bytes:
    """A DOCX whose zip is intact but one part (XML, relationships, content types) is damaged."""
    source = zipfile.ZipFile(io.BytesIO(sample_docx()))
    names = source.namelist()
    target = names[member_index % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            data = source.read(name)
            archive.writestr(name, mutate(data, edits) if name == target else data)
    return out.getvalue()


@pytest.mark.timeout(600)
@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_any_bytes_load_or_fail_cleanly(data, suffix):
    load_or_refuse(data, suffix)


@pytest.mark.timeout(600)
@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_loads_or_fails_cleanly(text, suffix):
    load_or_refuse(text.encode("utf-8"), suffix)


@pytest.mark.timeout(900)
@FUZZ
@given(sample=st.integers(0, 1), edits=EDITS)
def test_mutated_pdfs_load_or_fail_cleanly(sample, edits):
    load_or_refuse(mutate(sample_pdfs()[sample], edits), ".pdf")


@pytest.mark.timeout(900)
@FUZZ
@given(edits=EDITS, member=st.integers(0, 50), whole=st.booleans())
def test_mutated_docx_load_or_fail_cleanly(edits, member, whole):
    data = mutate(sample_docx(), edits) if whole else mutate_docx_part(edits, member)
    load_or_refuse(data, ".docx")


def test_the_unmutated_samples_load():
    for data in sample_pdfs():
        assert "UNDP supported e-government" in load_or_refuse(data, ".pdf").text  # type: ignore[union-attr]
    assert "ITU connected schools" in load_or_refuse(sample_docx(), ".docx").text  # type: ignore[union-attr]
