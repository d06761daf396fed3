"""One snapshot-watcher thread per process, however many times apps and engines start in it."""

from __future__ import annotations

import shutil
import threading
import time

from fastapi.testclient import TestClient

from indexer.build import build
from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.snapshot_watcher import THREAD_NAME, WATCHER, SnapshotWatcher
from tests.conftest import SEED, make_settings


def watcher_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME and t.is_alive()]


def wait_for(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class CountingEngine:
    def __init__(self) -> None:
        self.calls = 0

    def reload(self) -> bool:
        self.calls += 1
        return False


def test_one_thread_serves_every_engine_at_its_own_interval():
    watcher = SnapshotWatcher()
    fast, slow = CountingEngine(), CountingEngine()
    watcher.watch(fast, 0.02)
    watcher.watch(slow, 0.3)
    watcher.watch(fast, 0.02)  # watching twice is watching once
    assert wait_for(lambda: fast.calls >= 10)
    assert slow.calls <= 3  # its own, longer interval
    watcher.unwatch(fast)
    calls = fast.calls
    time.sleep(0.1)
    assert fast.calls == calls  # unwatched: no more reloads
    watcher.unwatch(slow)
    assert wait_for(lambda: watcher._thread is None)  # nobody watched: the thread ends


def test_a_failing_reload_does_not_stop_the_watcher():
    class Failing:
        calls = 0

        def reload(self) -> bool:
            self.calls += 1
            raise RuntimeError("disk gone")

    watcher, failing = SnapshotWatcher(), Failing()
    watcher.watch(failing, 0.02)
    assert wait_for(lambda: failing.calls >= 3)
    watcher.unwatch(failing)


def test_two_apps_in_one_process_share_one_watcher_and_both_pick_up_a_new_snapshot(tmp_path, embedder):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    first = build(corpus, index_dir, embedder).snapshot
    settings = make_settings(index_dir, reload_interval_s=0.05)
    apps = [create_app(settings, engine=Engine(settings, embedder)) for _ in range(2)]
    before = len(watcher_threads())
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        assert len(watcher_threads()) == 1 and before <= 1
        assert all(WATCHER.watching(app.state.engine) for app in apps)
        (corpus / "zebra.md").write_text("Submission by\n\nITU\n\nIn 2021 ITU opened a zebra observatory.\n")
        second = build(corpus, index_dir, embedder).snapshot
        for client in (one, two):
            assert wait_for(lambda c=client: c.get("/readyz").json()["index_version"] == second), first
    assert not any(WATCHER.watching(app.state.engine) for app in apps)
    # The same app started again (a second lifespan) is watched again, by the one thread.
    with TestClient(apps[0]):
        assert WATCHER.watching(apps[0].state.engine) and len(watcher_threads()) == 1


def test_a_snapshot_swapped_in_is_warmed_before_a_request_meets_it(tmp_path, embedder, monkeypatch):
    """The corpus centre off-topic questions are measured against (off_topic.py) is one pass over every chunk
    vector: the watcher computes it as it loads a new snapshot, before swapping it in, and the first question on
    that snapshot (one the centre decides: far from the subject, sharing one word) does not compute it again."""
    from qa_service.answering import off_topic

    computed_on: list[str] = []
    centre_of = off_topic.centre_of

    def recorded(vectors):  # type: ignore[no-untyped-def]
        computed_on.append(threading.current_thread().name)
        return centre_of(vectors)

    monkeypatch.setattr(off_topic, "centre_of", recorded)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    build(corpus, index_dir, embedder)
    settings = make_settings(index_dir, reload_interval_s=0.05)
    app = create_app(settings, engine=Engine(settings, embedder))
    with TestClient(app) as client:
        assert len(computed_on) == 1  # the first snapshot's, at start-up
        (corpus / "zebra.md").write_text("Submission by\n\nITU\n\nIn 2021 ITU opened a zebra observatory.\n")
        second = build(corpus, index_dir, embedder).snapshot
        assert wait_for(lambda: client.get("/readyz").json()["index_version"] == second)
        assert computed_on[1:] == [THREAD_NAME]
        question = "How many lanes does a typical motorway have in smart cities?"
        body = client.post("/v1/chat", json={"messages": [{"role": "user", "content": question}]}).json()
        assert body["abstained"] and body["index_version"] == second
    assert computed_on[1:] == [THREAD_NAME]
    assert not app.state.engine._preparers  # the app's lifespan ended: it no longer warms the engine's snapshots
