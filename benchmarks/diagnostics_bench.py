"""Measure the diagnostics (``rnn_viz.analysis.metrics``, ``state_space``, ``probes``,
``flips``) on the shipped models and print the numbers (README's Diagnostics section).

    python benchmarks/diagnostics_bench.py [--data PATH] [--states N] [--flip-words N]

For lstm, lstm2, gru2 (assets/models, each file's digest printed):

- test metrics over every test review (accuracy, ROC AUC, average precision, Brier,
  confusion, accuracy by length), computed without the metrics cache (the predictions
  come from their own cache when there; the time to predict is printed when not);
- LSTM against GRU: the disagreement counts;
- final states of N test reviews (default 2000): the pass, the PCA's explained
  variance, the best single sentiment unit and each layer's probe;
- the flip search on a test review of about 300 words (the first of at least that
  many words in the fixed sample): first call and the median of 3 more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", help="the IMDB dataset (default: $RNN_VIZ_DATA)")
    p.add_argument("--states", type=int, default=2000, help="reviews for the state space")
    p.add_argument("--flip-words", type=int, default=300, help="words of the flip review")
    args = p.parse_args()

    import numpy as np

    from rnn_viz.analysis import corpus_for, testset
    from rnn_viz.analysis import metrics as dm
    from rnn_viz.analysis.flips import FlipSearcher
    from rnn_viz.analysis.probes import sentiment_units
    from rnn_viz.analysis.state_space import final_states, state_space
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.files import model_stamp
    from rnn_viz.core.models import ASSETS_MODELS, load_model_dir

    bundles = {
        n: load_model_dir(ASSETS_MODELS / n)
        for n in ("lstm", "lstm2", "gru2")
        if (ASSETS_MODELS / n / "model.keras").exists()
    }
    corpus = None
    for name, bundle in bundles.items():
        corpus = corpus_for(bundle, args.data)
        print(f"== {name}  model.keras sha1 {model_stamp(bundle.path)[:12]}")
        t = time.perf_counter()
        testset.heldout_predictions(bundle, corpus)
        print(
            f"  predictions of {corpus.n_test:,} test reviews: {time.perf_counter() - t:.1f} s "
            "(from the cache when about 0)"
        )
        t = time.perf_counter()
        m = dm.heldout_metrics(bundle, corpus, cache=False)
        print(
            f"  metrics: {time.perf_counter() - t:.2f} s  accuracy {m.accuracy:.4f}  ROC AUC "
            f"{m.roc_auc:.4f}  AP {m.average_precision:.4f}  Brier {m.brier:.4f}  "
            f"confusion {m.confusion}"
        )
        print(
            "  accuracy by length: "
            + "  ".join(f"{b.label}: {b.accuracy:.3f} (n={b.n})" for b in m.buckets if b.n)
        )

        tracer = Tracer(bundle.model)
        t = time.perf_counter()
        states = final_states(bundle, corpus, args.states, cache=False, tracer=tracer)
        t_states = time.perf_counter() - t
        space = state_space(states)
        units = sentiment_units(states)
        best = units.best()
        print(
            f"  final states of {states.n} reviews: {t_states:.1f} s; PCA explained variance "
            + " ".join(f"{v:.3f}" for v in space.explained)
        )
        print(
            f"  best unit: layer{best.layer + 1} {best.state}[{best.unit}] AUC {best.auc:.3f} "
            f"({best.direction})"
        )
        print(
            "  probes (5-fold CV accuracy): "
            + "  ".join(f"{pr.key} {pr.accuracy:.3f}±{pr.std:.3f}" for pr in units.probes)
        )

        lengths = dm.heldout_word_counts(corpus)
        rows = np.flatnonzero((lengths >= args.flip_words) & (lengths < args.flip_words + 20))
        text = corpus.text("test", int(rows[0]))
        searcher = FlipSearcher(bundle.model, bundle.vocab)
        first = searcher.search(text)
        times = [searcher.search(text).seconds for _ in range(3)]
        best_edit = first.edits[0]
        print(
            f"  flips on test review #{int(rows[0])} ({int(lengths[rows[0]])} words): first "
            f"{first.seconds:.2f} s, then median {statistics.median(times):.2f} s; "
            f"{first.n_deletions} deletions + {first.n_replacements} replacements run "
            f"({first.n_scored:,} scored); p {first.prediction:.3f}, best "
            f"{best_edit.describe()} → {best_edit.prob:.3f}; "
            f"{len(first.flips)} of the top {len(first.edits)} flip it"
        )

    if "lstm" in bundles and "gru2" in bundles:
        d = dm.disagreement(bundles["lstm"], bundles["gru2"], corpus)
        print(f"== lstm against gru2 on {len(d.y):,} test reviews: {d.counts()}")


if __name__ == "__main__":
    main()
