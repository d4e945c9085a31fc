"""Measure the self-contained web page (``rnn-viz html``) and print what its size is made of.

    python benchmarks/html_size.py [--model lstm2] [--tokens 500] [--compare gru2]

The review is ``--tokens`` words cycled from a fixed English sentence (no dataset text),
so the model reads ``min(tokens, maxlen)`` steps. Sizes in MB (10^6 bytes) of UTF-8.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

WORDS = ("the film was not bad at all the acting was great but the plot was thin and slow").split()


def main() -> None:
    from rnn_viz.notebook import reading
    from rnn_viz.viz import html_export, stepper_assets

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="lstm2")
    ap.add_argument("--tokens", type=int, default=500)
    ap.add_argument("--compare", help="a second model (Compare: no step panel)")
    args = ap.parse_args()
    text = " ".join(WORDS[k % len(WORDS)] for k in range(args.tokens))
    models = [args.model] + ([args.compare] if args.compare else [])
    shown = reading.readings(models if args.compare else args.model, text)
    data = reading.stepper_data(shown)
    page = html_export.review_page(data, reading.shown_models(shown), text)

    def mb(s: str) -> float:
        return len(s.encode()) / 1e6

    plotly = stepper_assets.plotly_source()
    js = stepper_assets.stepper_js("page")
    panel = sum(len(json.dumps(t).encode()) for v in data["views"] for t in v["tables"]) / 1e6
    figure = sum(len(json.dumps(v["figure"]).encode()) for v in data["views"]) / 1e6
    print(f"models {', '.join(r.name for r in shown)}; steps shown "
          f"{', '.join(str(len(v['steps'])) for v in data['views'])}")  # fmt: skip
    print(f"page               {mb(page):6.2f} MB")
    print(f"  Plotly.js        {mb(plotly):6.2f} MB  (cartesian bundle, inlined)")
    print(f"  stepper JS + CSS {mb(js) - mb(plotly) + mb(stepper_assets.stepper_css()):6.2f} MB")
    print(f"  review data      {mb(json.dumps(data)):6.2f} MB")
    print(f"    figure         {figure:6.2f} MB  (heatmaps' values, float32 base64)")
    print(f"    step panel     {panel:6.2f} MB  (every step's panel numbers + diagram)")
    import plotly as plotly_pkg

    full = Path(plotly_pkg.__file__).parent / "package_data" / "plotly.min.js"
    print(f"(the plotly package's full plotly.min.js would be {full.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
