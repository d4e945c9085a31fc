"""One server, several readers: trainings queued without touching anyone's random state,
a corpus pass computed once for the sessions that ask meanwhile, stepping that keeps
its pace beside a corpus pass, caches bounded by bytes, the precomputed results."""

from __future__ import annotations

import random
import statistics
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from helpers import tiny_recipe
from streamlit.testing.v1 import AppTest

from rnn_viz.analysis import _common as c
from rnn_viz.analysis.spec import Analysis
from rnn_viz.app import analyses, caches, navigation, serving, train_job
from rnn_viz.core import files

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _random_states() -> tuple:
    """Every random state a training could touch: Python's, NumPy's, TF's global seed
    and Keras' global seed."""
    from keras.src.backend.common import global_state
    from tensorflow.python.eager import context

    return (
        random.getstate(),
        np.random.get_state()[1].tobytes(),
        context.global_seed(),
        global_state.get_global_attribute("global_random_seed"),
    )


def test_trainings_wait_their_turn_can_be_cancelled_and_leave_the_random_state_alone(
    tiny_corpus, tmp_path
):
    queue = train_job.TrainQueue(1)
    recipe = tiny_recipe(epochs=1)
    jobs = [
        train_job.TrainJob(name, recipe, tiny_corpus, tmp_path / name, False, queue=queue)
        for name in ("first", "second", "third")
    ]
    random.seed(5)
    np.random.seed(7)
    before = _random_states()
    for job in jobs:
        job.start()
    deadline = time.monotonic() + 30
    while not (jobs[0].running and jobs[2].waiting) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert jobs[0].running and [j.state for j in jobs[1:]] == ["waiting", "waiting"]
    assert [j.position for j in jobs] == [0, 1, 2] and queue.running == 1
    jobs[2].stop()  # cancelled while it waits: nothing is trained
    for job in jobs:
        job.join(60)
    assert [j.state for j in jobs] == ["done", "done", "cancelled"], [j.why() for j in jobs]
    assert jobs[1].started >= jobs[0].finished  # one at a time
    assert not (tmp_path / "third").exists() and queue.running == queue.waiting == 0
    assert _random_states() == before  # no training reseeded the process
    # the same recipe and seed, trained after the other: the same weights
    for a, b in zip(
        jobs[0].bundle.model.get_weights(), jobs[1].bundle.model.get_weights(), strict=True
    ):
        np.testing.assert_array_equal(a, b)


def _counting_analysis(name: str, seconds: float, counter: list[int]) -> Analysis[dict]:
    """A corpus analysis that counts its computations and reports progress for
    ``seconds``."""

    def compute(tracer, x, progress=None, model=None):
        counter.append(1)
        for done in range(1, 11):
            time.sleep(seconds / 10)
            if progress is not None:
                progress(done * len(x) // 10, len(x))
        return {"n": len(x)}

    stored = c.Stored(
        ".json",
        lambda p: __import__("json").loads(p.read_text()),
        lambda result, tmp: tmp.write_text(__import__("json").dumps(result)),
    )
    return Analysis(name, (), compute, stored, "progress.saturation")


def test_two_sessions_asking_for_the_same_corpus_pass_compute_it_once(
    app_env, tiny_lstm_dir, tmp_path, monkeypatch
):
    monkeypatch.setenv("RNN_VIZ_CACHE", str(tmp_path / "cache"))  # no disk cache hit
    counter: list[int] = []
    kind = _counting_analysis("counted_once", 1.0, counter)
    path, stamp = str(tiny_lstm_dir), files.model_stamp(tiny_lstm_dir)
    start = threading.Barrier(2)
    results: list = []

    def session() -> None:
        start.wait()
        results.append(analyses.over_corpus(kind, path, stamp, None))

    threads = [threading.Thread(target=session) for _ in range(2)]
    for thread in threads:
        thread.start()
    seen = None
    deadline = time.monotonic() + 20
    while seen is None and time.monotonic() < deadline:  # what a waiting session shows
        flights = [f for f in list(serving.FLIGHTS._flying.values()) if "_over_corpus" in f.key[0]]
        if flights and flights[0].done:
            seen = (flights[0].done, flights[0].total)
        time.sleep(0.02)
    for thread in threads:
        thread.join(30)
    assert len(counter) == 1  # computed once, for both
    assert [r.value for r in results] == [{"n": 80}, {"n": 80}]
    assert seen is not None and 0 < seen[0] <= seen[1] == 80  # its progress, for the waiter
    assert len(serving.FLIGHTS) == 0


def test_a_session_stepping_keeps_its_pace_while_another_runs_a_corpus_pass(
    app_env, tiny_lstm_dir, tiny_corpus
):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(navigation.EXPLORER_PAGE).run()
    assert not at.exception, at.exception

    def rerun() -> float:
        began = time.perf_counter()
        at.run()
        assert not at.exception, at.exception
        return time.perf_counter() - began

    alone = statistics.median(rerun() for _ in range(2))
    tracer = caches.load_tracer(str(tiny_lstm_dir), files.model_stamp(tiny_lstm_dir))
    busy = threading.Event()
    stop = threading.Event()

    def corpus_pass() -> None:  # another session's pass, real TF work, batch after batch
        while not stop.is_set():
            for _ in tracer.iter_batches(np.tile(tiny_corpus.x_test, (4, 1)), 32):
                busy.set()

    worker = threading.Thread(target=corpus_pass, daemon=True)
    worker.start()
    busy.wait(30)
    during = statistics.median(rerun() for _ in range(2))
    still = worker.is_alive()
    stop.set()
    worker.join(30)
    assert still  # the pass ran all along
    assert during < 4 * alone + 1.0, (alone, during)  # loose: the GIL is not held for long


def test_the_caches_keep_a_byte_budget_dropping_the_least_recently_used(monkeypatch):
    calls: list[int] = []

    @caches.cached(st.cache_data, max_bytes=350_000)
    def block(i: int) -> np.ndarray:
        calls.append(i)
        return np.full(100_000 // 8, float(i))  # 100 kB each: three fit

    for i in range(10):
        block(i)
    block(0)  # dropped long ago (by bytes: no entry limit is set)
    block(9)  # among the last three
    assert calls == [*range(10), 0]
    assert float(block(9)[0]) == 9.0

    monkeypatch.setenv("RNN_VIZ_CACHE_MB", "64")
    monkeypatch.setenv("RNN_VIZ_TRAININGS", "3")
    limits = serving.ServerLimits()
    assert (limits.cache_bytes, limits.trainings) == (64 << 20, 3)
    monkeypatch.setenv("RNN_VIZ_TRAININGS", "none")
    assert serving.ServerLimits().trainings == 1


def test_precomputed_results_are_installed_once_and_never_replace_a_cached_one(tmp_path):
    source, cache = tmp_path / "precomputed", tmp_path / "cache"
    (source / "analysis").mkdir(parents=True)
    (source / "analysis" / "unit_search_1.json").write_text("{}")
    (source / "predictions_1.npy").write_bytes(b"shipped")
    (source / "imdb_v10000_l500_x.npz").write_bytes(b"a corpus: never shipped")
    (cache / "analysis").mkdir(parents=True)
    (cache / "predictions_1.npy").write_bytes(b"computed here")
    assert serving.install_precomputed(source, cache) == 1
    assert (cache / "analysis" / "unit_search_1.json").read_text() == "{}"
    assert (cache / "predictions_1.npy").read_bytes() == b"computed here"
    assert not (cache / "imdb_v10000_l500_x.npz").exists()
    assert serving.install_precomputed(source, cache) == 0


@pytest.mark.parametrize("name", ["analysis", "predictions", "test_words"])
def test_the_shipped_precomputed_results_are_small(name):
    shipped = serving.PRECOMPUTED
    sizes = [p.stat().st_size for p in shipped.rglob("*") if p.is_file() and name in str(p)]
    assert sizes and sum(sizes) < 10_000_000


def test_the_train_page_shows_a_waiting_training_its_place_and_cancels_it(
    app_env, tiny_corpus, tmp_path
):
    from rnn_viz.i18n import t

    queue = train_job.TrainQueue(1)
    recipe = tiny_recipe(epochs=1)
    other = train_job.TrainJob("other", recipe, tiny_corpus, tmp_path / "other", queue=queue)
    assert queue.enter(other, lambda: False)  # another session's training holds the slot
    mine = train_job.TrainJob("mine", recipe, tiny_corpus, tmp_path / "mine", queue=queue).start()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["train_job"] = mine
    at.run()
    at.switch_page(navigation.TRAIN_PAGE).run()
    assert not at.exception, at.exception
    assert t("tr.waiting", name="mine", position=1) in [p.proto.text for p in at.get("progress")]
    assert at.button(key="start").disabled  # the form is locked while it waits
    at.button(key="cancel").click().run()
    mine.join(5)
    at.run()
    assert mine.state == "cancelled" and queue.waiting == 0
    assert t("tr.cancelled", name="mine") in [i.value for i in at.info]
    assert not at.button(key="start").disabled
    queue.leave(other)
    assert not (tmp_path / "mine").exists()
