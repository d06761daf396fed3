"""Type sizes of OCR'd lines from word heights: shapes, calibration on the body, headings only where set apart."""

from __future__ import annotations

import pytest

from indexer.loaders.ocr_sizes import Word, calibrate, line_sizes, shape

# Body words of a 10 pt text at these heights (points): x-height 4.5, ascenders 7, descenders 6.5, both 9.
HEIGHT = {"x": 4.5, "a": 7.0, "d": 6.5, "f": 9.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("use", "x"), ("the", "a"), ("way", "d"), ("Delegation", "f"), ("(UN)", "f"), ("nations,", None), ("-", None)],
)
def test_word_shapes(text: str, expected: str | None):
    assert shape(text) == expected


def line(texts: list[str], top: float, scale: float = 1.0, left: float = 50.0) -> list[Word]:
    words, x = [], left
    for text in texts:
        height = HEIGHT[shape(text) or "a"] * scale
        words.append(Word(text, x, top + 9 * scale - height, x + 5 * len(text), top + 9 * scale))
        x += 5 * len(text) + 3
    return words


def page(heading_scale: float, heading_gap: float) -> list[list[Word]]:
    body = ["the", "use", "way", "Delegation", "of", "nations"]
    lines = [line(body, 100 + 12 * i) for i in range(8)]
    heading_top = 100 + 12 * 8 + heading_gap
    lines.append(line(["Digital", "cooperation"], heading_top, heading_scale))
    lines += [line(body, heading_top + 16 + 12 * i) for i in range(8)]
    return lines


def test_a_larger_line_set_apart_is_a_heading_and_the_body_is_one_size():
    lines = page(heading_scale=1.2, heading_gap=10)
    calibration = calibrate([w for ws in lines for w in ws])
    assert calibration.body_size == 10
    sizes = line_sizes(lines, calibration)
    assert sizes[8] == 12 and set(sizes[:8] + sizes[9:]) == {10}


def test_a_larger_line_inside_a_paragraph_stays_body_text():
    lines = page(heading_scale=1.2, heading_gap=0)
    sizes = line_sizes(lines, calibrate([w for ws in lines for w in ws]))
    assert set(sizes) == {10}


def test_small_print_is_smaller():
    lines = page(heading_scale=0.8, heading_gap=0)
    sizes = line_sizes(lines, calibrate([w for ws in lines for w in ws]))
    assert sizes[8] == 8
