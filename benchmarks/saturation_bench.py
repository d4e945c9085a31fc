"""Time and peak memory of the saturation pass (the benchmark of issue 4).

``python benchmarks/saturation_bench.py MODEL_DIR [--data PATH] [--limit N]`` prints
one JSON line. Run it in a fresh process per model: the peak resident memory
(``ru_maxrss``) is the whole process's, TensorFlow and the corpus included.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc


def measure_saturation(
    model_dir: str | os.PathLike,
    data: str | os.PathLike | None = None,
    limit: int | None = None,
    batch_size: int = 250,
) -> dict:
    """Load the model and its corpus, then time one uncached saturation pass.

    Args:
        model_dir: the model folder.
        data: the dataset (``data.find_dataset``); None looks for it.
        limit: a fixed sample of this many test reviews; None: all.
        batch_size: reviews traced at a time.

    Returns:
        ``{"model", "reviews", "steps", "batch_size", "seconds", "build_seconds",
        "peak_rss_mb", "peak_traced_mb", "load_avg"}``: ``seconds`` is the pass itself
        (streaming the traces and counting); ``build_seconds`` building the Tracer and
        compiling it (XLA) on a first batch; ``peak_rss_mb`` the process's peak
        resident memory so far; ``peak_traced_mb`` Python/NumPy allocations during the
        pass.
    """
    from rnn_viz.analysis._common import corpus_for, subset
    from rnn_viz.analysis.gate_saturation import compute_saturation
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir

    bundle = load_model_dir(model_dir)
    corpus = corpus_for(bundle, data)
    x = corpus.x_test[subset(corpus, limit)]
    started = time.perf_counter()
    tracer = Tracer(bundle.model)
    tracer.run(x[:batch_size])  # compile once, as any later pass finds it compiled
    build = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    result = compute_saturation(tracer, x, batch_size=batch_size, model=bundle.name)
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "model": bundle.name,
        "reviews": result.n_reviews,
        "steps": result.n_steps,
        "batch_size": batch_size,
        "seconds": round(seconds, 2),
        "build_seconds": round(build, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_traced_mb": round(traced / 2**20, 1),
        "load_avg": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    """The command line: print ``measure_saturation``'s result as one JSON line.

    Args:
        argv: the arguments; None: ``sys.argv[1:]``.

    Returns:
        The exit status, 0.
    """
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model_dir")
    p.add_argument("--data")
    p.add_argument("--limit", type=int)
    p.add_argument("--batch-size", type=int, default=250)
    args = p.parse_args(argv)
    print(json.dumps(measure_saturation(args.model_dir, args.data, args.limit, args.batch_size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
