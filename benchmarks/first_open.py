"""Each page's first open, timed, and the shipped models' corpus passes precomputed.

    python benchmarks/first_open.py                        # time every page's first open
    python benchmarks/first_open.py --cold                 # ... with an empty cache
    python benchmarks/first_open.py --all-models --collect assets/precomputed

Opens every page of the app once (Streamlit's ``AppTest``, the page's default models and
settings, as a reader's first visit: Home, then the page), plus the sections a reader
opens next that run a corpus pass (Diagnostics' state space and sentiment units, the
Memory page's "measure"), and prints how long each took and whether it raised.

``--cold`` starts from an empty cache folder (``$RNN_VIZ_CACHE``), without the
precomputed results (``serving.install_precomputed``): what a server without them pays;
``--fresh`` from an empty cache folder with them: a new server as shipped.
``--all-models`` opens each page once per shipped model (every picker set to it), so
that every corpus pass of every shipped model runs; ``--collect DIR`` then copies the
small results they left in the cache (the analyses' files, test-set predictions and word
counts; never the encoded corpus) into ``DIR``: how ``assets/precomputed`` is made.
Needs the real dataset (``$RNN_VIZ_DATA``).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

#: Every model picker's session key (a page reads the ones it has).
PICKERS = (
    "model_label",
    "units_model",
    "wi_model",
    "cmp_a",
    "cmp_b",
    "sat_a",
    "sat_b",
    "mem_a",
    "mem_b",
    "mem_c",
    "dg_a",
    "dg_b",
)


def plans() -> list[tuple[str, str, dict]]:
    """``(name, page, session state)`` of every open timed."""
    from rnn_viz.app import navigation as nav

    return [
        ("Home", nav.HOME_PAGE, {}),
        ("Gate explorer", nav.EXPLORER_PAGE, {}),
        ("Train", nav.TRAIN_PAGE, {}),
        ("Compare", nav.COMPARE_PAGE, {}),
        ("Saturation", nav.SATURATION_PAGE, {}),
        ("Units", nav.UNITS_PAGE, {}),
        ("What if", nav.WHAT_IF_PAGE, {}),
        ("Memory", nav.MEMORY_PAGE, {}),
        ("Memory: measure", nav.MEMORY_PAGE, {"mem_measure": True}),
        ("Diagnostics", nav.DIAGNOSTICS_PAGE, {}),
        ("Diagnostics: state space", nav.DIAGNOSTICS_PAGE, {"dg_section": "State space"}),
        ("Diagnostics: units", nav.DIAGNOSTICS_PAGE, {"dg_section": "Sentiment units"}),
        ("Glossary", nav.GLOSSARY_PAGE, {}),
    ]


def open_page(page: str, state: dict, model: str | None) -> tuple[float, str]:
    """Open ``page`` in a new session (Home first) and time the page's run.

    Returns:
        ``(seconds, the first exception's message or "")``.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=1800)
    for key, value in state.items():
        at.session_state[key] = value
    if model is not None:
        for key in PICKERS:
            at.session_state[key] = model
    at.run()
    start = time.perf_counter()
    at.switch_page(page).run()
    took = time.perf_counter() - start
    problems = [e.message for e in at.exception] + [e.value for e in at.error]
    return took, "; ".join(str(p) for p in problems)


def collect(cache: Path, dest: Path) -> int:
    """Copy the small results in ``cache`` to ``dest`` (same layout).

    Returns:
        Their total size in bytes.
    """
    from rnn_viz.app.serving import PRECOMPUTED_GLOBS

    total = 0
    for pattern in PRECOMPUTED_GLOBS:
        for src in sorted(cache.glob(pattern)):
            out = dest / src.relative_to(cache)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)
            total += out.stat().st_size
    return total


def main() -> None:
    """Parse the arguments, open the pages, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold", action="store_true", help="an empty cache, none precomputed")
    parser.add_argument(
        "--fresh", action="store_true", help="an empty cache with the precomputed results"
    )
    parser.add_argument("--all-models", action="store_true", help="every shipped model")
    parser.add_argument("--collect", type=Path, help="copy the results to this folder")
    parser.add_argument("--only", help="only the opens whose name contains this")
    args = parser.parse_args()
    if args.cold or args.fresh or args.collect:
        os.environ["RNN_VIZ_CACHE"] = tempfile.mkdtemp(prefix="rnn_viz_first_open_")
    if args.cold or args.collect:
        os.environ["RNN_VIZ_PRECOMPUTED"] = ""  # none installed
    sys.path.insert(0, str(ROOT))
    from rnn_viz.app import internals
    from rnn_viz.core.files import cache_dir
    from rnn_viz.core.models import shipped_models

    internals.freeze_imports()
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # bare mode's warnings
    models: list[str | None] = (
        [f"{name} (shipped)" for name in shipped_models()] if args.all_models else [None]
    )
    print(f"cache {cache_dir()}; load average {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{'open':28} {'model':18} {'seconds':>8}  error", flush=True)
    failures = 0
    for name, page, state in plans():
        if args.only and args.only not in name:
            continue
        for model in models:
            took, error = open_page(page, state, model)
            failures += bool(error)
            print(f"{name:28} {model or 'default':18} {took:8.1f}  {error[:80]}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.collect:
        size = collect(cache_dir(), args.collect)
        print(f"collected {size / 1e6:.2f} MB into {args.collect}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
