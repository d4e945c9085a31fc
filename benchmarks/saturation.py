"""Benchmark: time and peak memory of the saturation pass over the full test set.

    python benchmarks/saturation.py [--models lstm gru2] [--data PATH] [--batch-size 250]

Each model runs in a fresh process (``python -m rnn_viz.analysis.bench``), so
each peak memory is that model's alone. Targets (issue 4): at most 60 s and
under 1.5 GB for the 25,000 test reviews.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", default=["lstm", "gru2"],
                   help="names in assets/models, or model folders")
    p.add_argument("--data")
    p.add_argument("--batch-size", type=int, default=250)
    p.add_argument("--limit", type=int)
    args = p.parse_args()
    failed = False
    for name in args.models:
        folder = Path(name) if Path(name).is_dir() else ROOT / "assets" / "models" / name
        cmd = [sys.executable, "-m", "rnn_viz.analysis.bench", str(folder),
               "--batch-size", str(args.batch_size)]
        cmd += ["--data", args.data] if args.data else []
        cmd += ["--limit", str(args.limit)] if args.limit else []
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if run.returncode:
            print(f"{name}: failed: {run.stderr.strip().splitlines()[-1:]}")
            failed = True
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        ok = r["seconds"] <= 60 and r["peak_rss_mb"] < 1536
        print(f"{name:6s} {r['reviews']} reviews, {r['steps']} steps: {r['seconds']:.1f} s "
              f"(+{r['build_seconds']:.1f} s build), peak RSS {r['peak_rss_mb']:.0f} MB, "
              f"NumPy peak {r['peak_traced_mb']:.0f} MB, batch {r['batch_size']}, "
              f"load avg {r['load_avg'][0]:.1f} {'ok' if ok else 'OVER TARGET'}")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
