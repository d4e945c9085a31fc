"""Command line: ``python -m rnn_viz {train,trace,models} ...``.

Every expected failure (no dataset, a bad model folder, unusable text) ends with
one line on stderr and exit status 2, never a stack trace.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from .data import DatasetError


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _cmd_train(args: argparse.Namespace) -> int:
    from .data import load_corpus
    from .models import PRESETS, user_models_dir
    from .train import train

    recipe = PRESETS[args.name]
    overrides = {k: getattr(args, k) for k in ("epochs", "lr", "batch_size", "seed", "units",
                                                "layers", "dropout") if getattr(args, k) is not None}
    recipe = dataclasses.replace(recipe, **overrides)
    out = Path(args.out) if args.out else user_models_dir() / args.name
    if out.exists() and not args.overwrite:
        raise UserError(f"{out} already exists; pass --overwrite to replace it "
                        "(only once the new model is complete) or choose --out")
    corpus = load_corpus(args.data, recipe.vocab_size, recipe.maxlen)
    print(f"Training {args.name}: {recipe}", flush=True)
    bundle = train(args.name, recipe, corpus, out, overwrite=args.overwrite,
                   verbose=2 if args.quiet else "auto", keep_epochs=args.keep_epochs)
    m = bundle.metrics
    print(f"Saved {out}: test accuracy {m['test_acc']:.4f}, test loss {m['test_loss']:.4f}, "
          f"best epoch {m['best_epoch']} of {m['epochs_run']}, {m['train_seconds']:.0f} s")
    return 0


def _cmd_trace(args: argparse.Namespace) -> int:
    from .capture import Tracer
    from .models import load_model_dir

    text = args.text
    if text == "-":
        text = sys.stdin.read()
    bundle = load_model_dir(args.model_dir)
    trace = Tracer(bundle.model).trace(bundle.vocab.encode(text))
    print(trace.summary(show_pad=args.show_pad))
    if args.output:
        trace.save_npz(args.output)
        print(f"Wrote {args.output}")
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    from .models import load_model_dir, shipped_models, user_models

    for name, path in {**shipped_models(), **user_models()}.items():
        b = load_model_dir(path)
        print(f"{name:8s} {b.model.count_params():>8,d} parameters  "
              f"test acc {b.metrics.get('test_acc', float('nan')):.4f}  {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    from .models import PRESETS

    p = argparse.ArgumentParser(prog="python -m rnn_viz", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train a preset with the reference recipe")
    t.add_argument("name", choices=sorted(PRESETS))
    t.add_argument("--data", help="aclImdb folder or .tar.gz (default: $RNN_VIZ_DATA, "
                                  "Keras cache, download)")
    t.add_argument("--out", help="model folder to write (default: $RNN_VIZ_MODELS/NAME "
                                 "or models/NAME)")
    t.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    t.add_argument("--epochs", type=int)
    t.add_argument("--lr", type=float)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--seed", type=int)
    t.add_argument("--units", type=int)
    t.add_argument("--layers", type=int)
    t.add_argument("--dropout", type=float)
    t.add_argument("--keep-epochs", action="store_true",
                   help="also keep the weights of every epoch (for saturation across training)")
    t.add_argument("--quiet", action="store_true", help="one line per epoch")
    t.set_defaults(func=_cmd_train)

    r = sub.add_parser("trace", help="capture every gate of a model on a text",
                       description="Print the per-token trace of TEXT ('-' reads stdin). "
                       "In Keras' GRU, z near 1 keeps the old state: h = z*h_prev + (1-z)*hh.")
    r.add_argument("model_dir")
    r.add_argument("text")
    r.add_argument("-o", "--output", help="write the trace as .npz")
    r.add_argument("--show-pad", action="store_true", help="also list the padding steps")
    r.set_defaults(func=_cmd_trace)

    m = sub.add_parser("models", help="list the shipped and user-trained models")
    m.set_defaults(func=_cmd_models)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .capture import TraceError
    from .models import ModelError

    try:
        return args.func(args)
    except (UserError, DatasetError, ModelError, TraceError, FileExistsError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
