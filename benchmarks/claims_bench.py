"""Measure the numbers behind what the README and the help texts claim about the shipped
models, and print them.

    python benchmarks/claims_bench.py [--data PATH] [--states N] [--words W] [--parity N]
                                      [--limit N] [--only padding,units,...]

- **padding**: on the first test review of ``W`` tokenized words (default 120), each
  shipped model's verdict's gradient with respect to the first padding step against the
  last word's (``analysis.review_padding_reach``), and the sentence the Memory page
  shows.
- **units**: over ``N`` sampled test reviews (default 2,000, the Diagnostics page's
  sample), the share of the last layer's h_T variance on PC1, and the best single units
  with their 95% bootstrap AUC interval and how often each is the best
  (``probes.sentiment_units``).
- **saturation**: over ``--limit`` sampled test reviews (default 1,000, the app's), how
  far the gated models are from saturating at 0.1 / 0.9, and where their gate values do
  reach (``Saturation.looser_thresholds``).
- **search**: unit search of layer 1's first gate, unit 0, with a fixed value (the page's
  old default) and with the unit's 95th (the new default) and 99th percentile over real
  words.
- **parity**: for the SimpleRNN ``rnn``, over the first ``N`` test reviews (default
  1,000): max |h| difference between the trace and the stock layers run as a graph
  (``Tracer.stock_run``), and between the stock layers run eagerly (``model(x)``) and
  as a graph.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

MODELS = ("rnn", "lstm", "lstm2", "gru2")


def padding(bundles: dict, corpus, words: int) -> None:
    import numpy as np

    from rnn_viz.analysis import metrics as dm
    from rnn_viz.analysis import review_padding_reach

    lengths = dm.heldout_word_counts(corpus)
    row = int(np.flatnonzero(lengths == words)[0])
    text = corpus.text("test", row)
    print(f"== padding: test review #{row} ({words} tokenized words)")
    same = np.flatnonzero(lengths == words)[:100]
    for name, bundle in bundles.items():
        reaches = [review_padding_reach(bundle, corpus.text("test", int(i))) for i in same]
        ratio = np.array([r.far_pad / r.last_word for r in reaches])
        print(
            f"  {name} over {len(same)} test reviews of {words} words: first padding step "
            f"against last word, median ×{np.median(ratio):.3g} (quartiles "
            f"{np.percentile(ratio, 25):.3g}–{np.percentile(ratio, 75):.3g}); larger in "
            f"{int((ratio > 1).sum())}"
        )
    for name, bundle in bundles.items():
        reach = review_padding_reach(bundle, text)
        print(
            f"  {name}: {reach.n_pad} padding steps; ‖∂p_T/∂e‖ first padding step "
            f"({reach.back} back) {reach.far_pad:.3g}, largest over padding "
            f"{reach.max_pad:.3g}, last word {reach.last_word:.3g}"
        )
        print("    " + reach.sentence(name))


def units(bundles: dict, data, n_states: int) -> None:
    from rnn_viz.analysis import corpus_for
    from rnn_viz.analysis.probes import sentiment_units
    from rnn_viz.analysis.state_space import final_states, state_space

    for name, bundle in bundles.items():
        corpus = corpus_for(bundle, data)
        start = time.perf_counter()
        states = final_states(bundle, corpus, limit=n_states)
        space = state_space(states)
        scored = sentiment_units(states)
        print(
            f"== {name}: {states.n} reviews ({time.perf_counter() - start:.1f} s); "
            f"PC1..: " + " ".join(f"{v:.4f}" for v in space.explained)
        )
        for u in scored.contenders():
            print(
                f"  layer{u.layer + 1} {u.state}[{u.unit}] AUC {u.auc:.3f} "
                f"[{u.low:.3f}, {u.high:.3f}] best in {u.best_share:.0%} of resamples "
                f"({u.direction})"
            )


def parity(bundle, corpus, n: int, batch: int = 250) -> None:
    import numpy as np

    from rnn_viz import Tracer

    x = corpus.x_test[:n]
    tracer = Tracer(bundle.model)
    stock = tracer._stock_model()
    trace_vs_graph = eager_vs_graph = trace_vs_eager = 0.0
    for rows, per_layer, _ in tracer.iter_batches(x, batch):
        ids = x[rows]
        graph, _ = tracer.stock_run(ids)
        eager = [np.asarray(o) for o in stock(ids.astype(np.int32), training=False)][:-1]
        for k, gates in enumerate(per_layer):
            trace_vs_graph = max(trace_vs_graph, float(np.abs(gates["h"] - graph[k]).max()))
            trace_vs_eager = max(trace_vs_eager, float(np.abs(gates["h"] - eager[k]).max()))
            eager_vs_graph = max(eager_vs_graph, float(np.abs(eager[k] - graph[k]).max()))
    print(f"== parity of {bundle.name} over {len(x)} test reviews, max |Δh|:")
    print(f"  trace vs stock layer as a graph (predict): {trace_vs_graph:.3g}")
    print(f"  stock layer eager (model(x)) vs as a graph: {eager_vs_graph:.3g}")
    print(f"  trace vs stock layer eager: {trace_vs_eager:.3g}")


def saturation(bundles: dict, data, limit: int) -> None:
    from rnn_viz.analysis import corpus_for
    from rnn_viz.analysis import saturation as sat

    for name in ("lstm", "lstm2", "gru2"):
        if name not in bundles:
            continue
        bundle = bundles[name]
        result = sat(bundle, corpus_for(bundle, data), limit=limit, low=0.1, high=0.9)
        print(
            f"== saturation of {name} over {result.n_reviews} reviews at 0.1/0.9: most "
            f"saturated unit past a threshold on {result.most_saturated:.2%} of real steps; "
            f"at most 5% of gate values past {result.looser_thresholds()}"
        )


def search(bundles: dict, data, limit: int) -> None:
    import numpy as np

    from rnn_viz.analysis import corpus_for, unit_search
    from rnn_viz.core.cell_kinds import SIGMOID_GATES

    for name in ("lstm", "gru2"):
        bundle = bundles[name]
        corpus = corpus_for(bundle, data)
        from rnn_viz import Tracer

        gate = next(iter(Tracer(bundle.model).kinds[0].gates))  # the page's first choice
        value = 0.5 if gate in SIGMOID_GATES else 0.3  # the page's old default value
        for threshold, percentile in ((value, False), (95.0, True), (99.0, True)):
            r = unit_search(
                bundle, corpus, 0, gate, 0, threshold, top=30, limit=limit, percentile=percentile
            )
            lengths = [m.length for m in r.matches]
            print(
                f"== unit search {name} layer 1 {gate}[0] > {r.cut:.3g}"
                + (f" (percentile {threshold:g})" if percentile else "")
                + f": {r.n_runs:,} runs in {r.n_reviews} reviews; the 30 longest: median "
                f"{np.median(lengths) if lengths else 0:.0f} words, "
                f"longest {max(lengths, default=0)}"
            )
            for m in r.matches[:3]:
                print(f"   #{m.review} {m.start}-{m.end}: {' '.join(m.phrase)[:80]}")


def main() -> None:
    from rnn_viz.analysis import corpus_for
    from rnn_viz.core.models import ASSETS_MODELS, load_model_dir

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.environ.get("RNN_VIZ_DATA"))
    p.add_argument("--states", type=int, default=2000)
    p.add_argument("--words", type=int, default=120)
    p.add_argument("--parity", type=int, default=1000)
    p.add_argument("--limit", type=int, default=1000, help="reviews for saturation, search")
    p.add_argument("--only", default="padding,units,parity,saturation,search")
    args = p.parse_args()
    only = set(args.only.split(","))
    bundles = {
        n: load_model_dir(ASSETS_MODELS / n)
        for n in MODELS
        if (ASSETS_MODELS / n / "model.keras").exists()
    }
    corpus = corpus_for(next(iter(bundles.values())), args.data)
    if "padding" in only:
        padding(bundles, corpus, args.words)
    if "units" in only:
        units(bundles, args.data, args.states)
    if "saturation" in only:
        saturation(bundles, args.data, args.limit)
    if "search" in only:
        search(bundles, args.data, args.limit)
    if "parity" in only and "rnn" in bundles:
        parity(bundles["rnn"], corpus_for(bundles["rnn"], args.data), args.parity)


if __name__ == "__main__":
    main()
