"""WSIS action lines C1-C11 (and the C7 e-applications): codes, names, and how text names them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionLine:
    code: str
    name: str
    patterns: tuple[str, ...]  # regexes, matched case-insensitively at word edges


ACTION_LINES: tuple[ActionLine, ...] = (
    ActionLine(
        "C1",
        "The role of governments and all stakeholders in the promotion of ICTs for development",
        (r"role of (?:public )?governance authorities", r"role of governments and all stakeholders"),
    ),
    ActionLine(
        "C2",
        "Information and communication infrastructure",
        (r"information and communication infrastructure", r"ICT infrastructure", r"broadband infrastructure"),
    ),
    ActionLine("C3", "Access to information and knowledge", (r"access to information(?: and knowledge)?",)),
    ActionLine("C4", "Capacity building", (r"capacity[- ]building",)),
    ActionLine(
        "C5",
        "Building confidence and security in the use of ICTs",
        (r"building confidence and security", r"cyber ?security", r"confidence and security in the use of ICTs"),
    ),
    ActionLine("C6", "Enabling environment", (r"enabling environment",)),
    ActionLine("C7", "ICT applications", (r"ICT applications", r"e-applications")),
    ActionLine("C7.e-government", "E-government", (r"e-government", r"electronic government", r"digital government")),
    ActionLine("C7.e-business", "E-business", (r"e-business", r"e-commerce", r"electronic commerce")),
    ActionLine("C7.e-learning", "E-learning", (r"e-learning", r"online learning", r"distance learning")),
    ActionLine(
        "C7.e-health",
        "E-health",
        (r"e-health", r"ehealth", r"digital health", r"telemedicine", r"health management information systems?"),
    ),
    ActionLine("C7.e-employment", "E-employment", (r"e-employment", r"telework(?:ing)?")),
    ActionLine("C7.e-environment", "E-environment", (r"e-environment",)),
    ActionLine("C7.e-agriculture", "E-agriculture", (r"e-agriculture", r"digital agriculture")),
    ActionLine("C7.e-science", "E-science", (r"e-science", r"open science")),
    ActionLine(
        "C8",
        "Cultural diversity and identity, linguistic diversity and local content",
        (r"cultural diversity", r"linguistic diversity", r"local content"),
    ),
    ActionLine("C9", "Media", (r"media and access to information", r"\bmedia\b(?! (?:and|&) entertainment)")),
    ActionLine("C10", "Ethical dimensions of the Information Society", (r"ethical dimensions?",)),
    ActionLine("C11", "International and regional cooperation", (r"international and regional cooperation",)),
)

BY_CODE: dict[str, ActionLine] = {line.code: line for line in ACTION_LINES}
_COMPILED = [
    (line, re.compile(r"(?<![\w-])(?:" + "|".join(line.patterns) + r")(?![\w-])", re.IGNORECASE))
    for line in ACTION_LINES
]
# A word every match of the line's patterns contains (lower case). Most chunks name few action
# lines, so a substring test on the case-folded text skips most of the 19 regex scans; the
# regexes still decide. tests/test_action_line_anchors.py checks the anchors against the patterns.
_ANCHORS: dict[str, tuple[str, ...]] = {
    "C1": ("role of",),
    "C2": ("infrastructure",),
    "C3": ("access to information",),
    "C4": ("capacity",),
    "C5": ("security",),
    "C6": ("enabling environment",),
    "C7": ("applications",),
    "C7.e-government": ("government",),
    "C7.e-business": ("business", "commerce"),
    "C7.e-learning": ("learning",),
    "C7.e-health": ("health", "telemedicine"),
    "C7.e-employment": ("employment", "telework"),
    "C7.e-environment": ("environment",),
    "C7.e-agriculture": ("agriculture",),
    "C7.e-science": ("science",),
    "C8": ("diversity", "local content"),
    "C9": ("media",),
    "C10": ("ethical dimension",),
    "C11": ("international and regional cooperation",),
}
_CODE_MENTION = re.compile(r"(?<![\w.])(C(?:1[01]|[1-9]))(?![\w])")


def tag_action_lines(text: str) -> list[str]:
    """Codes of the action lines that ``text`` names, sorted; an e-application implies C7."""
    codes: set[str] = set()
    folded = text.casefold()
    for line, pattern in _COMPILED:
        if any(anchor in folded for anchor in _ANCHORS[line.code]) and pattern.search(text):
            codes.add(line.code)
    if any(code.startswith("C7.") for code in codes):
        codes.add("C7")
    return sorted(codes, key=_sort_key)


def tag_chunk(body: str, headings: list[str]) -> list[str]:
    """Codes of a chunk: what its body names plus what the headings it sits under name.

    A paragraph under "C7 e-health" or "Action line C4: capacity building" is about that line
    even when its own words never say so. A heading may name its line by code alone ("C7"), but
    only when it names exactly one code: "Action lines C1-C11" is about all of them, so none.
    """
    codes = set(tag_action_lines(body))
    for heading in headings:
        codes.update(tag_action_lines(heading))
        mentioned = {match.group(1).upper() for match in _CODE_MENTION.finditer(heading)}
        if len(mentioned) == 1:
            codes.update(mentioned)
    return sorted(codes, key=_sort_key)


def strip_mentions(text: str) -> str:
    """``text`` without the words that name action lines: what is left is what it says about them."""
    for _, pattern in _COMPILED:
        text = pattern.sub(" ", text)
    return _CODE_MENTION.sub(" ", text)


def action_lines_in_query(text: str) -> list[str]:
    """Like tag_action_lines, plus explicit codes such as 'C9' or 'action line C4'."""
    codes = set(tag_action_lines(text))
    codes.update(match.group(1).upper() for match in _CODE_MENTION.finditer(text))
    return sorted(codes, key=_sort_key)


def _sort_key(code: str) -> tuple[int, str]:
    number = int(re.match(r"C(\d+)", code).group(1))  # type: ignore[union-attr]
    return number, code
