"""The versioned JSON files of the answering models (models/<name>.json): read, or a clear error.

Both the sentence scorer and the answerability model keep their parameters in such a file, first keys
``format`` and ``version``; a missing file, bad JSON or another format stops the service at start-up
with a message that names the file and the setting that chose it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MODELS = Path(__file__).resolve().parent / "models"


def path_of(name: str) -> Path:
    """``models/<name>.json`` for a bare name, else the path as given."""
    return Path(name) if name.endswith(".json") else MODELS / f"{name}.json"


def read(name: str, fmt: str, version: int, what: str, setting: str, error: type[Exception]) -> dict[str, Any]:
    """The file's JSON object when it is of ``fmt`` and ``version``; else ``error`` naming what is wrong."""
    path = path_of(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{what} file not found: {path} ({setting}={name!r})") from None
    except (OSError, ValueError) as exc:
        raise error(f"{what} file {path} is not readable JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != fmt or data.get("version") != version:
        found = (data.get("format"), data.get("version")) if isinstance(data, dict) else type(data).__name__
        raise error(f"{what} file {path} is {found}, expected ({fmt!r}, {version})")
    return data
