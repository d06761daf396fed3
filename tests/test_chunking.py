"""The chunker: offsets reproduce text, structure is kept, nothing exceeds the model limit."""

from __future__ import annotations

from indexer.chunking import ChunkParams, chunk_document, section_label
from indexer.document import DocumentBuilder
from indexer.loaders import load_file
from indexer.sentences import split_sentences
from indexer.tokens import count_tokens
from tests.conftest import SEED


def _words(text: str) -> int:
    return len(text.split()) + 2  # a stand-in model tokenizer: one token per word plus [CLS]/[SEP]


def test_seed_chunks_follow_structure_and_offsets(embedder):
    doc = load_file(SEED)
    chunks = chunk_document(doc, ChunkParams(), count_tokens, embedder.count_tokens)
    assert chunks
    for chunk in chunks:
        body = doc.text[chunk.start : chunk.end]
        assert body == body.strip() and body
        assert chunk.token_count == count_tokens(body)
        assert embedder.count_tokens(chunk.embed_text(doc.text)) <= embedder.max_seq_length
        for s, e in chunk.sentences:
            assert chunk.start <= s < e <= chunk.end
    iverify = [c for c in chunks if "iVerify" in doc.text[c.start : c.end]]
    assert iverify and iverify[0].section_path == ["Part Three"]
    # A list item is never cut in the middle.
    item = "With the European Union, developing and launching 'iVerify', a fact-checking and response mechanism"
    assert any(item in doc.text[c.start : c.end] for c in chunks)


def test_long_paragraph_splits_at_sentences_with_overlap():
    sentences = [f"Sentence number {i} talks about digital public infrastructure in detail." for i in range(40)]
    builder = DocumentBuilder()
    builder.add("heading", "Part One: Long", level=1)
    builder.add("paragraph", " ".join(sentences))
    doc = builder.build("x.txt", "markdown")
    params = ChunkParams(chunk_tokens=60, overlap_tokens=16, max_model_tokens=256)
    chunks = chunk_document(doc, params, count_tokens, _words)
    assert len(chunks) > 3
    heading = "Part One: Long\n\n"
    assert doc.text[chunks[0].start :].startswith(heading)  # the heading opens its section's first chunk
    for chunk in chunks:
        body = doc.text[chunk.start : chunk.end]
        allowance = count_tokens(heading) if chunk.ordinal == 0 else 0
        assert chunk.token_count <= params.chunk_tokens + 2 + allowance
        assert body.removeprefix(heading).startswith("Sentence number") and body.endswith("detail.")
        assert chunk.section_path == ["Part One"]
    # Consecutive pieces overlap by a sentence.
    assert chunks[1].start < chunks[0].end


def test_headings_are_searchable_text_and_a_run_of_them_opens_the_next_chunk():
    builder = DocumentBuilder()
    builder.add("heading", "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT", level=1)
    builder.add("paragraph", "Twenty-fifth session")
    builder.add("heading", "UNDP INPUTS TO UNCTAD ANNUAL REPORTING, October 2021", level=1)
    builder.add("heading", "Part One: Summary", level=2)
    builder.add("paragraph", "In 2021, UNDP enhanced its support. It launched iVerify.")
    doc = builder.build("x.txt", "markdown")
    chunks = chunk_document(
        doc, ChunkParams(chunk_tokens=160, overlap_tokens=0, max_model_tokens=256), count_tokens, _words
    )
    bodies = [doc.text[c.start : c.end] for c in chunks]
    assert bodies[0].startswith("COMMISSION ON SCIENCE") and "Twenty-fifth session" in bodies[0]
    assert bodies[1].startswith("UNDP INPUTS TO UNCTAD") and "Part One: Summary" in bodies[1] and "iVerify" in bodies[1]
    sentences = [doc.text[s:e] for s, e in chunks[1].sentences]
    assert sentences[0] == "UNDP INPUTS TO UNCTAD ANNUAL REPORTING, October 2021"  # a citable sentence of its own
    # The context heading given to the embedder is not the heading the body already begins with.
    assert chunks[1].heading == "" and chunks[1].section_path == [
        "UNDP INPUTS TO UNCTAD ANNUAL REPORTING, October 2021",
        "Part One",
    ]


def test_model_limit_is_a_hard_guarantee():
    # A tokenizer much finer than cl100k (one token per character) forces further splits.
    builder = DocumentBuilder()
    builder.add("paragraph", "word " * 400)
    builder.add("paragraph", "x" * 3000)  # one unbroken 'word' over every budget
    doc = builder.build("x.txt", "markdown")
    params = ChunkParams(chunk_tokens=200, overlap_tokens=0, max_model_tokens=128)
    chunks = chunk_document(doc, params, count_tokens, lambda t: len(t) + 2)
    assert chunks
    covered = "".join(doc.text[c.start : c.end] for c in chunks)
    assert covered.replace(" ", "") == doc.text.replace(" ", "").replace("\n", "")  # nothing dropped
    for chunk in chunks:
        assert len(chunk.embed_text(doc.text)) + 2 <= 128


def test_small_blocks_of_a_section_merge_but_sections_do_not():
    builder = DocumentBuilder()
    builder.add("heading", "A", level=1)
    builder.add("paragraph", "One short paragraph.")
    builder.add("paragraph", "Another short one.")
    builder.add("heading", "B", level=1)
    builder.add("paragraph", "Under B.")
    doc = builder.build("x.txt", "markdown")
    chunks = chunk_document(doc, ChunkParams(), count_tokens, _words)
    assert [doc.text[c.start : c.end] for c in chunks] == [
        "A\n\nOne short paragraph.\n\nAnother short one.",  # each section's chunk opens with its heading
        "B\n\nUnder B.",
    ]
    assert [c.section_path for c in chunks] == [["A"], ["B"]]


def test_section_labels():
    assert section_label("Part Three: A brief description of:") == "Part Three"
    assert section_label("Initiatives") == "Initiatives"
    assert len(section_label("x" * 200)) == 80


def test_sentences_respect_abbreviations():
    text = "UNDP worked with the U.N. system, e.g. ITU. It launched iVerify in 2021. Done!"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "UNDP worked with the U.N. system, e.g. ITU.",
        "It launched iVerify in 2021.",
        "Done!",
    ]
