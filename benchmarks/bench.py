"""Measure rnn-viz's speed targets and print the numbers.

    python benchmarks/bench.py [--data PATH] [--only NAME ...]

Sections: corpus (load + encode 50,000 reviews, cold and cached), trace (one
500-token review through each shipped model, against the model's own forward
pass), step (the explorer's re-render when the token moves), saturation (the
full test-set pass: time and peak memory, each in a fresh process).
Timings are medians after warm-up, in milliseconds unless stated.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

MODELS = ["lstm", "lstm2", "gru2"]


def median_ms(fn, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def bench_corpus(data: str | None) -> None:
    from rnn_viz.datasets import forget_loaded_corpora, load_corpus

    with tempfile.TemporaryDirectory() as cache:
        os.environ["RNN_VIZ_CACHE"] = cache
        start = time.perf_counter()
        corpus = load_corpus(data, download=False)
        cold = time.perf_counter() - start
        forget_loaded_corpora()  # else the second call returns the corpus held in memory
        start = time.perf_counter()
        load_corpus(data, download=False)
        warm = time.perf_counter() - start
    os.environ.pop("RNN_VIZ_CACHE")
    n = len(corpus.y_train) + len(corpus.y_test)
    print(
        f"corpus: read + tokenize + encode {n:,} reviews: {cold:.2f} s cold, "
        f"{warm:.2f} s from the disk cache"
    )


def a_long_review(vocab, n_words: int = 500) -> str:
    words = [w for w in vocab.words[2:400]]
    return " ".join(words[(7 * i) % len(words)] for i in range(n_words))


def trace_times(bundle) -> tuple[float, float, float, float]:
    """One model's medians (ms) on a 500-token review: trace, predict, fwd graph, fwd XLA."""
    import numpy as np
    import tensorflow as tf

    from rnn_viz import Tracer

    encoded = bundle.vocab.encode(a_long_review(bundle.vocab))
    assert encoded.n_real == 500
    tracer = Tracer(bundle.model)
    trace_ms = median_ms(lambda: tracer.trace(encoded))
    ids = encoded.ids[None, :]
    predict_ms = median_ms(lambda: bundle.model.predict_on_batch(ids))
    graph = tf.function(lambda x: bundle.model(x, training=False))
    xla = tf.function(lambda x: bundle.model(x, training=False), jit_compile=True)
    graph_ms = median_ms(lambda: np.asarray(graph(ids)))
    xla_ms = median_ms(lambda: np.asarray(xla(ids)))
    return trace_ms, predict_ms, graph_ms, xla_ms


def bench_trace() -> None:
    from rnn_viz import load_model_dir
    from rnn_viz.core.models import ASSETS_MODELS

    print("trace: one 500-token review (ms, median of 30 after warm-up)")
    print(
        f"  {'model':6s} {'trace':>7s} {'predict':>8s} {'fwd graph':>10s} {'fwd XLA':>8s}"
        f" {'trace/predict':>14s} {'trace/fwd XLA':>14s}"
    )
    for name in MODELS:
        if not (ASSETS_MODELS / name / "model.keras").exists():
            print(f"  {name:6s} not shipped yet (assets/models/{name})")
            continue
        trace_ms, predict_ms, graph_ms, xla_ms = trace_times(load_model_dir(ASSETS_MODELS / name))
        print(
            f"  {name:6s} {trace_ms:7.2f} {predict_ms:8.2f} {graph_ms:10.2f} {xla_ms:8.2f}"
            f" {trace_ms / predict_ms:14.2f} {trace_ms / xla_ms:14.2f}"
        )
    print(
        "  trace = Tracer.trace (XLA-compiled twin, all gates, numpy out); predict = "
        "model.predict_on_batch, the model's own forward pass as Keras runs it on a CPU; "
        "fwd graph / fwd XLA = the model's call compiled by tf.function without / with XLA"
    )


def bench_step() -> None:
    """The explorer's step happens in the browser (benchmarks/browser_bench.py times it);
    the server's part is building a review's stepper data once, the code the page runs."""
    from rnn_viz import Tracer, load_model_dir
    from rnn_viz.core.models import shipped_models
    from rnn_viz.viz import stepview

    bundle = load_model_dir(shipped_models()["lstm2"])
    trace = Tracer(bundle.model).trace(bundle.vocab.encode(a_long_review(bundle.vocab)))
    seconds = []
    for _ in range(5):
        start = time.perf_counter()
        data = stepview.stepper_data([stepview.review_payload(trace, name="lstm2")])
        seconds.append(time.perf_counter() - start)
    print(
        "step: the Gate explorer's stepper data for a 500-word review, lstm2 (built once per "
        "review and cached; every step then happens in the browser: "
        "python benchmarks/browser_bench.py)"
    )
    print(
        "  stepview.review_payload + stepper_data: "
        f"median {1000 * statistics.median(seconds):.0f} ms, "
        f"{stepview.payload_bytes(data) / 1024:.0f} KiB of JSON sent once"
    )


def bench_saturation(data: str | None, models=("lstm", "gru2"), batch_size: int = 250) -> None:
    """The full test-set saturation pass, each model in a fresh process
    (``benchmarks/saturation_bench.py``) so each peak memory is its own."""
    print(
        "saturation: every gate unit over the 25,000 test reviews "
        "(targets: at most 60 s, peak memory under 1.5 GB)"
    )
    for name in models:
        cmd = [
            sys.executable,
            str(ROOT / "benchmarks" / "saturation_bench.py"),
            str(ROOT / "assets" / "models" / name),
            "--batch-size",
            str(batch_size),
        ] + (["--data", data] if data else [])
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if run.returncode:
            print(f"  {name:6s} failed: {run.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"  {name:6s} {r['reviews']:,} reviews, {r['steps']:,} real steps: "
            f"{r['seconds']:.1f} s (+{r['build_seconds']:.1f} s to build and compile), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB "
            f"(whole process: TensorFlow + corpus), NumPy peak during the pass "
            f"{r['peak_traced_mb']:.0f} MB, load average {r['load_avg'][0]:.1f}"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=os.environ.get("RNN_VIZ_DATA"))
    p.add_argument("--only", nargs="*", choices=["corpus", "trace", "step", "saturation"])
    args = p.parse_args()
    only = set(args.only or ["corpus", "trace", "step", "saturation"])
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    if "corpus" in only:
        if args.data:
            bench_corpus(args.data)
        else:
            print("corpus: skipped (no dataset: pass --data or set RNN_VIZ_DATA)")
    if "trace" in only:
        bench_trace()
    if "step" in only:
        bench_step()
    if "saturation" in only:
        if args.data:
            bench_saturation(args.data)
        else:
            print("saturation: skipped (no dataset: pass --data or set RNN_VIZ_DATA)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
