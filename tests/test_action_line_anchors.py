"""The substring prefilter of tag_action_lines must never hide a match the regexes would find."""

from __future__ import annotations

import re

from indexer.action_lines import _ANCHORS, _COMPILED, ACTION_LINES, tag_action_lines
from tests.conftest import SEED, UNGDC


def _reference(text: str) -> list[str]:
    """Tagging with every regex and no prefilter: the behaviour the prefilter must keep."""
    codes = {line.code for line, pattern in _COMPILED if pattern.search(text)}
    if any(c.startswith("C7.") for c in codes):
        codes.add("C7")
    return sorted(codes, key=lambda c: (int(re.match(r"C(\d+)", c).group(1)), c))  # type: ignore[union-attr]


def test_every_pattern_contains_an_anchor_of_its_line() -> None:
    for line in ACTION_LINES:
        anchors = _ANCHORS[line.code]
        for pattern in line.patterns:
            assert any(a in pattern.lower() for a in anchors), (line.code, pattern)


def test_same_tags_as_the_plain_regexes_on_real_text() -> None:
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(UNGDC.rglob("*.txt"))[:60]] if UNGDC.is_dir() else []
    texts += [
        "CYBERSECURITY and Capacity-Building",
        "\u017fecurity of the media",  # long s: IGNORECASE folds it to 's'
        "e-Health, TELEWORKING and the \u212a-12 local content",
        "ICT infrastructure; ICT Applications; e-commerce",
    ]
    pieces = [t[i : i + 700] for t in texts for i in range(0, len(t), 350)]
    assert pieces
    for piece in pieces:
        assert tag_action_lines(piece) == _reference(piece), piece
