"""The CI gate: headline figures against the floors in eval/floors.json.

Floors are set from measured values and raised when quality improves; lowering one needs a
reason in the commit message. Answer floors apply only when the service has /v1/chat.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NamedTuple

from eval.summary import ANSWER_KEYS, MULTI_DOC_KEYS, RETRIEVAL_KEYS

FLOORS_PATH = Path(__file__).with_name("floors.json")
# Suites other than the seed keep their floors in a section of their own, named after the suite.
SUITE_SECTIONS = ("ungdc",)


class GateResult(NamedTuple):
    violations: list[str]
    skipped: list[str]  # floors that could not be checked, with why

    @property
    def ok(self) -> bool:
        return not self.violations


def load_floors(path: Path = FLOORS_PATH, suite: str = "seed") -> dict[str, dict[str, float]]:
    """The floor groups of a suite: the top level for the seed, the section named after any other."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if suite != "seed":
        if suite not in data:
            raise ValueError(f"{path}: no floors for the suite '{suite}'")
        data = data[suite]
    groups = {k: v for k, v in data.items() if not k.startswith("_") and k not in SUITE_SECTIONS}
    for name, floors in groups.items():
        if not isinstance(floors, dict) or not all(isinstance(v, int | float) for v in floors.values()):
            raise ValueError(f"{path}: group '{name}' must map metric names to numbers")
    return groups


def check(summary: dict[str, Any], floors: dict[str, dict[str, float]], chat_available: bool) -> GateResult:
    """Every floor of every group compared with the summary; a missing figure is a violation."""
    violations: list[str] = []
    skipped: list[str] = []
    for group, metrics in floors.items():
        for key, floor in metrics.items():
            if group in ("answers", "multidoc") and not chat_available:
                skipped.append(f"{key} >= {floor}: the service has no /v1/chat")
                continue
            value = summary.get(key)
            if value is None:
                violations.append(f"{key}: no value (floor {floor})")
            elif value < floor:
                violations.append(f"{key}: {value:.3f} is below its floor {floor}")
    return GateResult(violations, skipped)


# The gated figures: the summary's retrieval keys (recall_budget is reported, not gated) and answer keys.
HEADLINE = {
    "retrieval": tuple(k for k in RETRIEVAL_KEYS if k != "recall_budget"),
    "answers": ANSWER_KEYS,
    "multidoc": MULTI_DOC_KEYS,
}


def suggest(summary: dict[str, Any], denominators: dict[str, int]) -> dict[str, dict[str, float]]:
    """Floors for the measured figures: one case's weight below each value, rounded down to 0.01,
    so that a single case flipping on another machine (float noise in a tie) does not fail CI."""
    floors: dict[str, dict[str, float]] = {}
    for group, keys in HEADLINE.items():
        for key in keys:
            value, n = summary.get(key), denominators.get(key, 0)
            if value is None or n == 0:
                continue
            floors.setdefault(group, {})[key] = max(0.0, math.floor((value - 1 / n) * 100) / 100)
    return floors
