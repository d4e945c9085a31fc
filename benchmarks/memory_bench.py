"""Measure memory across time (``rnn_viz.analysis.memory``) and print the numbers.

    python benchmarks/memory_bench.py [--data PATH] [--reviews N] [--rnn DIR]

For lstm, lstm2, gru2 (assets/models) and the SimpleRNN ``rnn`` (assets/models/rnn, else
--rnn, default /work/runs/rnn, when present):

- connectivity of one 500-token review: building the probe, the first call (which
  traces the graph) and the median of later calls; for the 2-layer models also
  ``GradientTape.jacobian`` of the readout, the alternative to the batched pass;
- gradient against distance over N test reviews (default 500; needs the dataset):
  the whole pass with a fresh probe, no cache;
- the median gradient at distance 50, 200 and 400 per model, and the sentence the
  Memory page shows (``analysis.fading_summary``), written from the measured curves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from bench import a_long_review  # benchmarks/bench.py: the script's folder is on sys.path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

DISTANCES = (50, 200, 400)


def models(rnn_dir: Path) -> dict[str, Path]:
    from rnn_viz.core.models import ASSETS_MODELS

    found = {
        name: ASSETS_MODELS / name
        for name in ("rnn", "lstm", "lstm2", "gru2")
        if (ASSETS_MODELS / name / "model.keras").exists()
    }
    if "rnn" not in found and (rnn_dir / "model.keras").exists():
        found = {"rnn": rnn_dir, **found}
    return found


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bench_connectivity(name: str, bundle) -> None:
    import numpy as np
    import tensorflow as tf

    from rnn_viz.analysis.memory import RECURRENT, GradientProbe

    encoded = bundle.vocab.encode(a_long_review(bundle.vocab))
    probe, build = timed(lambda: GradientProbe(bundle.model))
    _, first = timed(lambda: probe.connectivity(encoded))
    warm = statistics.median(timed(lambda: probe.connectivity(encoded))[1] for _ in range(5))
    line = (
        f"  {name:6s} {encoded.n_real} tokens: probe {build:5.2f} s, first call {first:5.2f} s,"
        f" then {warm:5.2f} s"
    )
    recurrent = [layer for layer in bundle.model.layers if isinstance(layer, RECURRENT)]
    if len(recurrent) > 1:
        e = probe.embed(encoded.ids)
        mask = np.ones(len(e), bool)

        @tf.function(reduce_retracing=True)
        def jacobian(e, mask):
            with tf.GradientTape() as tape:
                tape.watch(e)
                p = probe.readout(e[None], mask[None])[0]
            return tf.norm(tape.jacobian(p, e), axis=-1)

        _, j_first = timed(lambda: jacobian(e, mask))
        j_warm = statistics.median(timed(lambda: jacobian(e, mask))[1] for _ in range(5))
        line += f"  (tape.jacobian: first {j_first:5.2f} s, then {j_warm:5.2f} s)"
    print(line, flush=True)


def bench_gradient_distance(name: str, bundle, data: str | None, reviews: int):
    from rnn_viz.analysis import corpus_for
    from rnn_viz.analysis.memory import gradient_distance

    corpus = corpus_for(bundle, data)
    result, seconds = timed(lambda: gradient_distance(bundle, corpus, limit=reviews, cache=False))
    at = "  ".join(f"k={k}: {result.at(k):.2e} (n={int(result.n[k])})" for k in DISTANCES)
    print(f"  {name:6s} {result.n_reviews} reviews: {seconds:5.2f} s;  median {at}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("RNN_VIZ_DATA"))
    parser.add_argument("--reviews", type=int, default=500)
    parser.add_argument("--rnn", type=Path, default=Path("/work/runs/rnn"))
    args = parser.parse_args()
    from rnn_viz.core.models import load_model_dir

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    bundles = {name: load_model_dir(path) for name, path in models(args.rnn).items()}
    print("connectivity: one review of 500 tokens (batched backward pass)")
    for name, bundle in bundles.items():
        bench_connectivity(name, bundle)
    if not args.data:
        print("gradient against distance: skipped (no dataset: --data or RNN_VIZ_DATA)")
        return
    print(f"gradient against distance: {args.reviews} test reviews, fresh probe, no cache")
    results = {
        name: bench_gradient_distance(name, b, args.data, args.reviews)
        for name, b in bundles.items()
    }
    from rnn_viz.analysis import fading_summary

    print(fading_summary(results))


if __name__ == "__main__":
    main()
