"""File-name sanitising and content sniffing of uploads (pure functions, no index)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_service.admin.uploads import parse_metadata, safe_name, sniff
from qa_service.errors import InvalidMetadata, UnsupportedMediaType


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("report.pdf", ("report", ".pdf")),
        ("../../etc/passwd", ("passwd", "")),
        ("..\\..\\Windows\\win.ini.txt", ("win.ini", ".txt")),
        ("/abs/path/to/file.MD", ("file", ".md")),
        (".bashrc", ("bashrc", "")),
        ("...", ("document", "")),
        ("", ("document", "")),
        (None, ("document", "")),
        ("R\u00e9sum\u00e9 2021 (final).docx", ("Resume-2021-final", ".docx")),
        ("na\x00me\x1b[31m.txt", ("name-31m", ".txt")),
        ("README.md", ("README-document", ".md")),
        ("x" * 500 + ".txt", ("x" * 100, ".txt")),
        ("\u0627\u0644\u062a\u0642\u0631\u064a\u0631.pdf", ("document", ".pdf")),
        ("file.tar.gz", ("file.tar", ".gz")),
        ("a.p$df", ("a", ".pdf")),
    ],
)
def test_safe_name(raw, expected):
    assert safe_name(raw) == expected


@given(st.text(max_size=300))
def test_safe_name_never_escapes_the_folder(raw):
    stem, suffix = safe_name(raw)
    name = stem + suffix
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name not in ("", ".", "..") and len(stem) <= 100
    assert all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7 ...", "pdf"),
        (b"<!doctype html><p>x", "html"),
        (b"  <!-- c --> <HTML lang=en>", "html"),
        (b"# Title\n\nText with <b>bold</b>", "text"),
        ("\ufeffUTF-8 with BOM \u00e9".encode(), "text"),
    ],
)
def test_sniff(data, kind):
    assert sniff(data) == kind


@given(st.binary(max_size=2000))
def test_sniff_refuses_cleanly_or_names_a_kind(data):
    with contextlib.suppress(UnsupportedMediaType):
        assert sniff(data) in ("pdf", "docx", "html", "text")


def test_metadata():
    assert parse_metadata(None) == {} and parse_metadata("  ") == {}
    assert parse_metadata('{"entity": "ITU", "year": 2021, "title": null}') == {"entity": "ITU", "year": 2021}
    for bad in ('{"year": 3000}', '{"entity_aliases": "x"}', '{"path": "/etc"}', "nope"):
        with pytest.raises(InvalidMetadata):
            parse_metadata(bad)


def test_parse_check_reports_success_failure_and_time_cap(tmp_path):
    from qa_service.admin.parse_check import check

    good, bad = tmp_path / "good.md", tmp_path / "bad.pdf"
    good.write_text("# Title\n\nIn 2021 ITU connected schools.")
    bad.write_bytes(b"%PDF-1.4\nnot really")
    assert check(good, 60, 2048) == (True, "37 characters in 2 blocks")  # "Title", blank line, sentence
    ok, reason = check(bad, 60, 2048)
    assert not ok and "corrupt PDF" in reason
    ok, reason = check(good, 0.001, 2048)  # no interpreter starts in a millisecond
    assert not ok and "longer than" in reason


def test_a_docx_that_inflates_past_the_cap_is_refused():
    import io
    import zipfile

    from indexer.loaders import LoadError, load_bytes

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(260):  # 260 MiB of zeros, about 250 KiB compressed
                member.write(block)
    data = buffer.getvalue()
    assert len(data) < 2 << 20 and sniff(data) == "docx"
    with pytest.raises(LoadError, match="too large when uncompressed"):
        load_bytes(data, __import__("pathlib").Path("bomb.docx"))


@pytest.mark.parametrize(
    "data",
    [b"<section><h2>Plan</h2><p>Text</p></section>", b"<ul><li>One</li></ul>", b"Intro text, then <em>a</em> tag"],
)
def test_html_named_text_without_html_tag_is_still_html(data):
    from qa_service.admin.uploads import checked_suffix

    assert checked_suffix(data, ".html") == ".html" and checked_suffix(data, ".htm") == ".htm"


def test_a_pdf_or_tag_free_text_named_html_is_still_refused():
    from qa_service.admin.uploads import checked_suffix

    with pytest.raises(UnsupportedMediaType, match="content is PDF"):
        checked_suffix(b"%PDF-1.7 ...", ".html")
    with pytest.raises(UnsupportedMediaType, match="content is TEXT"):
        checked_suffix(b"Plain words, no tags; 3 < 4 > 2", ".html")
