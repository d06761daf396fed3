"""A replica's first searches pay for nothing the start-up could have loaded.

Anything loaded lazily on the request path (a module imported, lemminflect's dictionaries read) runs
in pure Python holding the GIL, so every request arriving meanwhile waits behind it. Once, the
inflection table read by passive_clauses.py took a cold replica's first searches past a second and
two replicas at 20 searches a second into 503 ``overloaded`` (tests/test_two_replicas.py in CI). The
check runs in a fresh process: this one has long loaded everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

# Question shapes that reach different parts of the analysis: a document year, a passive verb dated
# by its year, a count, a follow-up's pronoun, keywords alone.
QUESTIONS = [
    "What did UNDP do on disinformation in 2021?",
    "Which fund was pledged in Copenhagen in 2009?",
    "How many countries were supported by the programme?",
    "who did they build it with",
    "digital public goods Africa",
]

PROBE = """
import json, sys
from lemminflect.codecs import InflectionLUCodec, LemmaLUCodec, OverridesCodec
from qa_service.engine import Engine
from qa_service.settings import Settings

engine = Engine(Settings(index_dir=sys.argv[1]))
engine.start(watch=False)
loads = []
for codec in (InflectionLUCodec.InflectionLUCodec, LemmaLUCodec.LemmaLUCodec, OverridesCodec.OverridesCodec):
    def load(*args, _load=codec.load, _name=codec.__name__, **kwargs):
        loads.append(_name)
        return _load(*args, **kwargs)
    codec.load = staticmethod(load)
before = set(sys.modules)
for question in json.loads(sys.argv[2]):
    engine.search(question, 10)
print(json.dumps({"loads": loads, "imported": sorted(set(sys.modules) - before)}))
"""


def test_the_first_searches_load_nothing_lazily(seed_index):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(seed_index), json.dumps(QUESTIONS)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"loads": [], "imported": []}
