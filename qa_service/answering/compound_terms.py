"""Names made of letters and digits ("COVID-19", "G-20", "SDG-4", "5G") as one term of a topic.

The keyword analyser splits "COVID-19" into "covid" and "19" but keeps "COVID19" whole, and drops
the "G" of "G-20" (one letter). In the evidence test each part then weighed as a topic word of its
own: "19" carried about 30 % of the IDF mass of "COVID-19 vaccines", so "Japan will provide up to
60 million vaccine doses" held too little of the topic although "COVID-19" is one name, spelled
three ways in the speeches. Here such a name is one term: held by any of its spellings ("COVID-19",
"COVID19", "Covid 19"), weighed as its rarest part (no row holds the name without that part).

    >>> [c.key for c in compounds("COVID-19 vaccines and the G-20")]
    ['covid19', 'g20']
    >>> compounds("5G networks")[0].pattern.search("fifth-generation (5-G) networks") is not None
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.keyword import analyze

# Letters then digits, or digits then letters, optionally joined by a hyphen: "COVID-19", "G20",
# "SDG-4", "5G", "H1N1". Not a plain number or a year, nor a word with a hyphen ("sea-level").
_COMPOUND = re.compile(r"(?<![\w-])(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])")
_PIECES = re.compile(r"[A-Za-z]+|\d+")

RowsWith = Callable[[str], np.ndarray]  # the keyword index's posting list of an analysed term


@dataclass(frozen=True)
class Compound:
    """One name of letters and digits: its key (the term), its analysed parts and a pattern for its spellings."""

    key: str
    parts: tuple[str, ...]  # analysed terms of its pieces ("covid", "19"); "g" of "G-20" has none
    pattern: re.Pattern[str]

    def rows(self, rows_with: RowsWith) -> np.ndarray:
        """Rows that may hold the name: with its key as one token, or with every analysed part."""
        whole = rows_with(self.key)
        if not self.parts:
            return whole
        every = rows_with(self.parts[0])
        for part in self.parts[1:]:
            every = np.intersect1d(every, rows_with(part), assume_unique=True)
        return np.union1d(whole, every)


def compounds(text: str) -> list[Compound]:
    """The letter-and-digit names of ``text``, each once, in order."""
    out: dict[str, Compound] = {}
    for match in _COMPOUND.finditer(text):
        pieces = _PIECES.findall(match.group(0))
        if len(pieces) < 2:
            continue
        key = "".join(pieces).lower()
        body = r"[\s-]?".join(re.escape(p) for p in pieces)
        parts = tuple(dict.fromkeys(t for p in pieces for t in analyze(p)))
        out.setdefault(key, Compound(key, parts, re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)))
    return list(out.values())


def merged(weights: dict[str, float], found: list[Compound]) -> dict[str, float]:
    """``weights`` with each compound's parts replaced by the compound, weighed as its rarest part."""
    out = dict(weights)
    for compound in found:
        values = [out.pop(t) for t in (compound.key, *compound.parts) if t in out]
        if values:
            out[compound.key] = max(values)
    return out


def held(text: str, found: list[Compound]) -> set[str]:
    """Keys of the compounds ``text`` spells in any way."""
    return {c.key for c in found if c.pattern.search(text)}
