"""Measure how far the captured trace is from the stock model, over the whole test set.

    python benchmarks/parity_bound.py [MODEL_DIR ...] [--data PATH] [--limit N] [--batch-size B]

For each model folder (default: every shipped model in assets/models/), streams the
test reviews (all 25,000 unless --limit) in batches through the ``Tracer`` (the
XLA-compiled twin) and through the model's own layers (``Tracer.stock_run``: stock
LSTM/GRU layers with ``return_sequences=True``, uncompiled by XLA) and
``model.predict_on_batch``, and prints:

- max |captured h − stock layer h| over every review, layer and step, and the number of
  review-layer pairs where it is above 1e-6, with percentiles of the per-pair maximum;
- max |last readout − model.predict| over every review, the number above 1e-6, and
  percentiles of the per-review difference;
- the review (index into the test set) and layer where the largest difference is.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

TIGHT = 1e-6
PERCENTILES = (50, 90, 99, 99.9)


def measure(folder: Path, corpus, limit: int | None, batch_size: int) -> dict:
    """Stream the test set through one model; returns the per-pair and per-review maxima."""
    import numpy as np

    from rnn_viz import Tracer, load_model_dir
    from rnn_viz.analysis.testset import _test_inputs
    from rnn_viz.core.readout import readout_probability

    bundle = load_model_dir(folder)
    x = _test_inputs(bundle.vocab, corpus)
    if limit:
        x = x[:limit]
    tracer = Tracer(bundle.model)
    h_max, readout = [], []  # (N, layers) and (N,)
    start = time.perf_counter()
    for rows, per_layer, prob in tracer.iter_batches(x, batch_size):
        seqs, _ = tracer.stock_run(x[rows])
        h_max.append(
            np.stack(
                [
                    np.abs(gates["h"] - seq).max(axis=(1, 2))
                    for gates, seq in zip(per_layer, seqs, strict=True)
                ],
                axis=1,
            )
        )
        if prob is not None:
            predicted = readout_probability(np.asarray(bundle.model.predict_on_batch(x[rows])))
            gap = np.abs(prob[:, -1] - predicted)  # (n,), or (n, K): every class
            readout.append(gap.reshape(len(gap), -1).max(axis=1))
    return {
        "name": folder.name,
        "n": len(x),
        # "1", or "1/fwd" and "1/bwd" for a Bidirectional layer, with the Keras layer's name
        "layers": [
            f"{number}{'/' + direction if direction else ''} ({name})"
            for number, direction, name in zip(
                tracer.layer_numbers, tracer.directions, tracer.layer_names, strict=True
            )
        ],
        "h": np.concatenate(h_max),
        "readout": np.concatenate(readout) if readout else None,
        "lengths": (x != 0).sum(axis=1),
        "seconds": time.perf_counter() - start,
    }


def report(m: dict) -> None:
    import numpy as np

    h, n_layers = m["h"], m["h"].shape[1]
    review, layer = np.unravel_index(int(np.argmax(h)), h.shape)
    pct = "  ".join(
        f"p{p:g} {v:.2e}" for p, v in zip(PERCENTILES, np.percentile(h, PERCENTILES), strict=True)
    )
    print(
        f"{m['name']}: {m['n']:,} test reviews x {n_layers} traced layer(s) or direction(s), "
        f"{m['seconds']:.0f} s"
    )
    print(
        f"  h: max |captured - stock| = {h.max():.3e} (review {review}, "
        f"{m['lengths'][review]} words, layer {m['layers'][layer]}); "
        f"{int((h > TIGHT).sum()):,} of {h.size:,} review-layer pairs above {TIGHT:g}"
    )
    print(f"     per review-layer max: {pct}")
    for k in range(n_layers):
        print(
            f"     layer {m['layers'][k]}: max {h[:, k].max():.3e}, "
            f"{int((h[:, k] > TIGHT).sum()):,} reviews above {TIGHT:g}"
        )
    r = m["readout"]
    if r is None:
        print("  readout: none (the model's output is not p(positive))")
        return
    pct = "  ".join(
        f"p{p:g} {v:.2e}" for p, v in zip(PERCENTILES, np.percentile(r, PERCENTILES), strict=True)
    )
    print(
        f"  readout: max |last readout - model.predict| = {r.max():.3e} "
        f"(review {int(np.argmax(r))}); {int((r > TIGHT).sum()):,} of {r.size:,} reviews "
        f"above {TIGHT:g}"
    )
    print(f"     per review: {pct}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "models", nargs="*", type=Path, help="model folders (default: every shipped model)"
    )
    parser.add_argument("--data", help="the IMDB dataset (default: $RNN_VIZ_DATA, Keras cache)")
    parser.add_argument("--limit", type=int, help="only the first N test reviews")
    parser.add_argument("--batch-size", type=int, default=250)
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")

    from rnn_viz.core.models import shipped_models
    from rnn_viz.datasets import load_corpus

    folders = args.models or list(shipped_models().values())
    corpus = load_corpus(args.data, download=False)
    for folder in folders:
        report(measure(folder, corpus, args.limit, args.batch_size))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
