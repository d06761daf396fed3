"""What an answer stream is made of: text deltas, then one final answer."""

from __future__ import annotations

from dataclasses import dataclass

from qa_service.answering.model import Answer


@dataclass
class Delta:
    text: str


@dataclass
class Final:
    answer: Answer


Event = Delta | Final


def sentence_deltas(sentences: list[str], already: int = 0) -> list[Delta]:
    """Deltas that, concatenated, give the sentences joined by single spaces."""
    return [Delta(s if i + already == 0 else " " + s) for i, s in enumerate(sentences)]
