"""Command line: ``python -m rnn_viz COMMAND ...`` (``--help`` lists the commands).

Every expected failure (no dataset, a bad model folder, unusable text, a number out
of its range) is a typed error (``RnnVizError``) and ends with one line on stderr and
exit status 2 (``--debug``, before the command, adds its traceback); anything else is a
bug and ends with Python's traceback.
Text that comes from the user or the dataset is printed with its control characters
escaped (``\\x1b``, ``\\n``), so it can neither drive the terminal nor forge lines.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.tokenizers import TRAINABLE


class UserError(RnnVizError):
    """A problem with the command line the user can fix; printed as one line."""


# --------------------------------------------------------------------------- #
# Output and argument checking
# --------------------------------------------------------------------------- #
# C0 and C1 controls, DEL, and the bidirectional overrides and isolates (which can
# make a terminal show text in another order than it is).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """Make user or dataset text safe to print on a terminal.

    Args:
        text: any text.

    Returns:
        ``text`` with every control character written as an escape (``\\x1b``, ``\\n``,
        ``\\u202e``), so it prints as one line of visible characters.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _say(text: str, file=None) -> None:
    """Print ``text`` line by line, each line escaped (its line breaks are the CLI's own)."""
    print("\n".join(escape(line) for line in text.split("\n")), file=file or sys.stdout, flush=True)


def _whole(low: int, high: int | None = None):
    """An argparse type: an integer in ``[low, high]``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if value < low or (high is not None and value > high):
            where = f"at least {low}" if high is None else f"from {low} to {high}"
            raise argparse.ArgumentTypeError(f"must be {where}, not {value}")
        return value

    return parse


def _real(
    low: float | None = None,
    high: float | None = None,
    open_low: bool = False,
    open_high: bool = False,
):
    """An argparse type: a finite float in the interval from ``low`` to ``high``
    (``open_*``: that end excluded; None: unbounded)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
        too_low = low is not None and (value <= low if open_low else value < low)
        too_high = high is not None and (value >= high if open_high else value > high)
        if too_low or too_high:
            lo = "" if low is None else f"{'(' if open_low else '['}{low:g}"
            hi = "" if high is None else f"{high:g}{')' if open_high else ']'}"
            where = (
                f"in {lo}, {hi}"
                if lo and hi
                else f"{'above' if open_low else 'at least'} {low:g}"
                if lo
                else f"{'below' if open_high else 'at most'} {high:g}"
            )
            raise argparse.ArgumentTypeError(f"must be {where}, not {text}")
        return value

    return parse


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (usage is one ``--help`` away)."""

    def error(self, message: str):
        self.exit(2, escape(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def _cmd_train(args: argparse.Namespace) -> int:
    from rnn_viz.core.models import user_models_dir
    from rnn_viz.core.recipes import PRESETS
    from rnn_viz.core.tokenizers import check_available
    from rnn_viz.datasets import load_corpus
    from rnn_viz.datasets.kinds import DATASET_KINDS, open_user_dataset
    from rnn_viz.train import train

    preset = args.name in PRESETS
    if not preset and not args.data:
        raise UserError(
            f"{args.name!r} is not a preset ({', '.join(sorted(PRESETS))}); to train a model "
            "of that name on your own dataset, give it with --data FILE (a .csv, .tsv or .jsonl "
            "with --text-column and --label-column, or a folder or .zip of label folders)"
        )
    recipe = PRESETS[args.name] if preset else PRESETS["lstm"]
    overrides = {
        k: getattr(args, k)
        for k in (
            "epochs",
            "lr",
            "batch_size",
            "seed",
            "split_seed",
            "units",
            "layers",
            "dropout",
            "tokenizer",
            "cell",
            "merge_mode",
        )
        if getattr(args, k) is not None
    }
    if args.bidirectional:
        overrides["bidirectional"] = True
    if preset:
        dataset = DATASET_KINDS[recipe.dataset].find(args.data, download=True)
    else:
        dataset = open_user_dataset(
            args.data,
            {
                "text_column": args.text_column,
                "label_column": args.label_column,
                "split_column": args.split_column,
                "split_seed": args.split_seed or 0,
            },
        )
        overrides["dataset"] = dataset.kind
    recipe = dataclasses.replace(recipe, **overrides, jit_compile=not args.no_jit)
    out = Path(args.out) if args.out else user_models_dir() / args.name
    if out.exists() and not args.overwrite:
        raise UserError(
            f"{out} already exists; pass --overwrite to replace it "
            "(only once the new model is complete) or choose --out"
        )
    check_available(recipe.tokenizer)  # a missing kiwipiepy says how to install it
    corpus = load_corpus(dataset, recipe.vocab_size, recipe.maxlen, tokenizer=recipe.tokenizer)
    _note_size(corpus)
    _say(f"Training {args.name}: {recipe}")
    bundle = train(
        args.name,
        recipe,
        corpus,
        out,
        overwrite=args.overwrite,
        verbose=2 if args.quiet else "auto",
        keep_epochs=args.keep_epochs,
    )
    m = bundle.metrics
    _say(
        f"Saved {out}: test accuracy {m['test_acc']:.4f}, macro F1 {m['test_macro_f1']:.4f}, "
        f"test loss {m['test_loss']:.4f}, "
        f"best epoch {m['best_epoch']} of {m['epochs_run']}, {m['train_seconds']:.0f} s"
    )
    return 0


def _cmd_trace(args: argparse.Namespace) -> int:
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir

    bundle = load_model_dir(args.model_dir)
    trace = Tracer(bundle.model, classes=bundle.label_names).trace(
        bundle.vocab.encode(_read_text(args.text))
    )
    _say(trace.summary(show_pad=args.show_pad))
    if args.output:
        _write(_npz_path(args.output), trace.save_npz)
    return 0


def _cmd_html(args: argparse.Namespace) -> int:
    from rnn_viz.notebook import html

    models = [args.model] + ([args.compare] if args.compare else [])
    page = html(
        models if args.compare else args.model,
        _read_text(args.text),
        lang=args.lang,
        show_pad=args.show_pad,
    )
    output = Path(args.output)
    _write(output, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    _say(f"{len(page.encode()) / 1e6:.2f} MB; it opens offline in any current browser")
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    from rnn_viz.core.models import load_model_dir, shipped_models, user_models

    for name, path in {**shipped_models(), **user_models()}.items():
        b = load_model_dir(path)
        _say(
            f"{name:8s} {b.model.count_params():>8,d} parameters  "
            f"test acc {b.metrics.get('test_acc', float('nan')):.4f}  {path}"
        )
    return 0


# --------------------------------------------------------------------------- #
# Corpus-scale analyses (rnn_viz.analysis)
# --------------------------------------------------------------------------- #
def _write_result(result, output: str | None, summary: str, **kwargs) -> None:
    """Print ``summary``; write ``result`` as CSV or JSON (by ``output``'s suffix),
    atomically, when ``output`` is given."""
    import json

    _say(summary)
    if not output:
        return
    suffix = Path(output).suffix.lower()
    if suffix == ".json":
        text = json.dumps(result.to_json(**kwargs), indent=1, ensure_ascii=False)
    elif suffix == ".csv":
        text = result.to_csv(**kwargs)
    else:
        raise UserError(f"--output must end in .csv or .json, not {output!r}")
    _write(Path(output), lambda tmp: tmp.write_text(text, "utf-8"))


def _write(output: Path, write: Callable[[Path], object]) -> None:
    """Write ``output`` atomically with ``write(tmp_path)`` and say so; a failure ends
    the command with one line (``UserError``)."""
    from rnn_viz.core.files import WriteError, write_atomic

    try:
        write_atomic(output, write)
    except WriteError as err:
        raise UserError(str(err)) from None
    _say(f"Wrote {output}")


def _npz_path(output: str) -> Path:
    """``output``, with ``.npz`` added unless it ends so."""
    path = Path(output)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _check_output(args: argparse.Namespace) -> None:
    out = getattr(args, "output", None)
    if out and Path(out).suffix.lower() not in (".csv", ".json"):
        raise UserError(f"--output must end in .csv or .json, not {out!r}")


def _progress(label: str):
    """A ``progress(done, total)`` printing one updating line on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def _note_size(corpus) -> None:
    """Say, before the results, the dataset's note (e.g. not the official size)."""
    note = corpus.note()
    if note is not None:
        _say(f"note: {note.text()}")


def _bundle_and_corpus(args: argparse.Namespace):
    from rnn_viz.analysis import corpus_for
    from rnn_viz.core.models import load_model_dir

    _check_output(args)
    bundle = load_model_dir(args.model_dir)
    corpus = corpus_for(bundle, args.data, download=args.download)
    _note_size(corpus)
    return bundle, corpus


def _analyse(analysis, args: argparse.Namespace, label: str, bundle, corpus):
    """Run the corpus analysis ``analysis`` (an ``analysis.spec.Analysis``) of ``bundle``
    over ``corpus`` as the command's arguments say: its flags (``_flags``), ``--limit``,
    ``--no-cache``, progress on stderr as ``label``."""
    return analysis(
        bundle,
        corpus,
        limit=getattr(args, "limit", None),
        cache=not args.no_cache,
        progress=_progress(label),
        **{
            p.name: getattr(args, p.name) - p.counted_from
            if p.counted_from
            else getattr(args, p.name)
            for p in analysis.params
        },
    )


def _cmd_saturation(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import saturation

    bundle, corpus = _bundle_and_corpus(args)
    result = _analyse(saturation, args, "saturation", bundle, corpus)
    if args.paper:
        result = result.paper_convention()
    lines = [
        f"{bundle.name}: {result.n_reviews} reviews, {result.n_steps} steps; fraction of "
        f"steps < {result.low} (left) and > {result.high} (right), mean over units:"
    ]
    lines += [
        f"  {g.layer_prefix} {g.label or g.gate:<16} left {g.left.mean():.3f}  "
        f"right {g.right.mean():.3f}"
        for g in result.gates
    ]
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_saturation_epochs(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import saturation_epochs

    bundle, corpus = _bundle_and_corpus(args)
    result = saturation_epochs(
        bundle,
        corpus,
        n_reviews=args.reviews,
        low=args.low,
        high=args.high,
        bins=args.bins,
        seed=args.seed,
        cache=not args.no_cache,
        progress=_progress("epochs"),
    )
    lines = [
        f"{bundle.name}: saturation after each of {len(result.epochs)} epochs "
        f"on {len(result.review_rows)} test reviews (mean over units, left/right):"
    ]
    for epoch, sat in zip(result.epochs, result.per_epoch, strict=True):
        lines.append(
            f"  epoch {epoch:3d} "
            + "  ".join(
                f"L{g.layer_prefix.removeprefix('layer')}{g.gate} "
                f"{g.left.mean():.2f}/{g.right.mean():.2f}"
                for g in sat.gates
            )
        )
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_unit_search(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import unit_search

    bundle, corpus = _bundle_and_corpus(args)
    result = _analyse(unit_search, args, "unit search", bundle, corpus)
    sign = ">" if args.above else "<"
    lines = [
        f"{bundle.name} {result.layer_prefix} {args.gate}[{args.unit}] {sign} {args.threshold}: "
        f"{result.n_runs} runs in {result.n_reviews} reviews; longest:"
    ]
    for m in result.matches:
        pred = "" if m.prediction is None else f" p={m.prediction:.2f}"
        phrase = m.phrase if len(m.phrase) <= 24 else m.phrase[:10] + ["…"] + m.phrase[-10:]
        lines.append(
            f"  #{m.review} steps {m.start}-{m.end} ({m.length}) label {m.label}{pred}: "
            f"{' '.join(m.before)} [{' '.join(phrase)}] {' '.join(m.after)}"
        )
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_words_per_unit(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import reviews_with_word, words_per_unit

    bundle, corpus = _bundle_and_corpus(args)
    if args.word:
        found = reviews_with_word(corpus, args.word, limit=args.top)
        _say(
            f"{len(found)} test reviews read {args.word!r} (review: occurrences): "
            + ", ".join(f"#{i}: {n}" for i, n in found)
        )
        return 0
    result = _analyse(words_per_unit, args, "words per unit", bundle, corpus)
    lines = [
        f"{bundle.name}: mean change of each unit's state when a word is read "
        f"({result.n_reviews} reviews, words seen at least {args.min_count} times)"
    ]
    for key in result.keys:
        for unit in range(result.mean[key].shape[1]):
            up, down = result.top(key, unit, n=args.top, min_count=args.min_count)
            lines.append(
                f"  {key}[{unit}] raised by: {', '.join(w for w, _, _ in up)}; "
                f"lowered by: {', '.join(w for w, _, _ in down)}"
            )
    _write_result(result, args.output, "\n".join(lines), min_count=args.min_count)
    return 0


def _read_text(text: str) -> str:
    return sys.stdin.read() if text == "-" else text


def _class_id(bundle, name: str | None) -> int | None:
    """The label id of the class ``name`` (one of ``bundle.label_names``); None for None.

    Raises:
        UserError: ``name`` is not one of the model's labels (the sentence lists them).
    """
    from rnn_viz.i18n import label_text

    if name is None:
        return None
    labels = list(bundle.label_names)
    for k, label in enumerate(labels):
        if name in (label, label_text(label, "en")):
            return k
    raise UserError(f"{bundle.name} has no class {name!r}; its classes are {', '.join(labels)}")


def _cmd_attribution(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import Attributor
    from rnn_viz.core.models import load_model_dir
    from rnn_viz.i18n import label_text

    _check_output(args)
    bundle = load_model_dir(args.model_dir)
    cls = _class_id(bundle, args.cls)
    result = Attributor(bundle.model).attribute(
        bundle.vocab.encode(_read_text(args.text)),
        steps=args.steps,
        tol=args.tol,
        max_steps=args.max_steps,
        cls=cls,
    )
    explained = (
        label_text(bundle.label_names[result.target], "en")
        if len(bundle.label_names) > 2 or cls is not None
        else None
    )
    lines = [f"{'step':>5}  {'token':<18} {'attribution':>11}"]
    lines += [
        f"{t:>5}  {tok[:18]:<18} {s:+11.4f}"
        for t, (tok, p, s) in enumerate(
            zip(result.tokens, result.is_pad, result.scores, strict=True)
        )
        if not p
    ]
    lines.append(
        f"p({explained or 'positive'}) {result.prediction:.4f}, all-padding baseline "
        f"{result.baseline:.4f}; attributions sum to {result.scores.sum():+.4f} "
        f"(error {100 * result.relative_error:.2f}% with {result.steps} steps)"
    )
    if not result.complete(args.tol):
        lines.append(f"note: not complete within {100 * args.tol:g}% at {result.steps} steps")
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_flips(args: argparse.Namespace) -> int:
    from rnn_viz.analysis.flips import FlipSearcher
    from rnn_viz.core.models import load_model_dir

    _check_output(args)
    bundle = load_model_dir(args.model_dir)
    toward = _class_id(bundle, args.toward)
    result = FlipSearcher(bundle.model, bundle.vocab, classes=bundle.label_names).search(
        _read_text(args.text), top_words=args.top_words, top=args.top, toward=toward
    )
    from rnn_viz.i18n import label_text

    names = [label_text(name, "en") for name in result.classes]
    focus = "positive" if len(names) == 2 else names[result.focus]
    lines = [
        f"{bundle.name} predicts {names[result.predicted]} "
        f"(p({focus}) {result.prediction:.4f}); the edits that move it most"
        + (f" toward {names[result.toward]}" if result.toward is not None else "")
        + ":",
        f"  {'op':<8} {'pos':>4}  {'old':<16} {'new':<16} {'p(' + focus + ')':>12} "
        f"{'change':>8}  prediction",
    ]
    lines += [
        f"  {e.op:<8} {e.position:>4}  {escape(e.old)[:16]:<16} {escape(e.new or '')[:16]:<16} "
        f"{e.prob:>12.4f} {e.change:>+8.4f}  {names[e.predicted]}{' (flips)' if e.flips else ''}"
        for e in result.edits
    ]
    lines.append(
        f"{len(result.flips)} of {len(result.edits)} change the prediction "
        f"({result.n_deletions} deletions and {result.n_replacements} replacements run, "
        f"{result.n_scored} scored, the {result.top_words} most frequent words)"
    )
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_what_if(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import compare_traces, edit_text
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir

    _check_output(args)
    text_a = _read_text(args.text_a)
    bundle = load_model_dir(args.model_dir)
    if args.edit:
        if args.text_b is not None:
            raise UserError("give TEXT_B or --edit, not both")
        op, position, *word = args.edit
        try:
            position = int(position)
        except ValueError:
            raise UserError(f"--edit POSITION must be a number, not {position!r}") from None
        text_b = edit_text(text_a, op, position, word[0] if word else None, bundle.vocab.tokenizer)
    elif args.text_b is None:
        raise UserError("give TEXT_B, or --edit OP POSITION [WORD]")
    else:
        text_b = args.text_b
    result = compare_traces(
        Tracer(bundle.model, classes=bundle.label_names), bundle.vocab, text_a, text_b
    )
    lines = [f"a: {escape(text_a)}", f"b: {escape(text_b)}"]
    verdict = result.verdict("en")
    if verdict is not None:
        lines.append(verdict)
    elif result.change is not None:
        lines.append(
            f"p(positive): {result.a.prediction:.4f} -> {result.b.prediction:.4f} "
            f"({result.change:+.4f})"
        )
    biggest = result.max_abs_diff()
    lines.append(f"largest |b - a| of any gate at each step from step {result.start}:")
    lines += [
        f"  {t:>4} {result.a.tokens[t][:14]:<14} {result.b.tokens[t][:14]:<14} {biggest[t]:.4f}"
        for t in range(result.start, result.a.T)
    ]
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_memory(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import connectivity
    from rnn_viz.core.models import load_model_dir

    bundle = load_model_dir(args.model_dir)
    result = connectivity(bundle, _read_text(args.text))
    last = result.saliency[-1]
    top = sorted(range(result.first_real, result.T), key=lambda s: -last[s])[: args.top]
    lines = [
        f"{bundle.name}: {result.T - result.first_real} words, p(positive) "
        f"{result.prob[-1]:.4f}; the prediction hears most from (‖∂p_T/∂e_s‖):"
    ]
    lines += [f"  {s:>5}  {result.tokens[s][:24]:<24} {last[s]:.3e}" for s in top]
    if result.n_cut:
        lines.append(
            f"note: the first {result.n_cut} words were cut; the model reads the last {result.T}"
        )
    _say("\n".join(lines))
    if args.output:
        _write(_npz_path(args.output), result.save_npz)
    return 0


def _cmd_gradient_distance(args: argparse.Namespace) -> int:
    from rnn_viz.analysis import gradient_distance

    bundle, corpus = _bundle_and_corpus(args)
    result = _analyse(gradient_distance, args, "gradient against distance", bundle, corpus)
    shown = [
        k
        for k in (0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 400, 499)
        if k < len(result.n) and result.n[k]
    ]
    lines = [
        f"{bundle.name}: median ‖∂p_T/∂e_(T-k)‖ over {result.n_reviews} reviews "
        "(k = words before the last; quartiles; reviews that long):"
    ]
    lines += [
        f"  k={k:<4} {result.median[k]:.3e}  [{result.q25[k]:.3e}, {result.q75[k]:.3e}]"
        f"  n={result.n[k]}"
        for k in shown
    ]
    _write_result(result, args.output, "\n".join(lines))
    return 0


def _cmd_metrics(args: argparse.Namespace) -> int:
    import json

    from rnn_viz.analysis import corpus_for
    from rnn_viz.analysis import metrics as diagnostics
    from rnn_viz.core.models import load_model_dir

    if args.output and Path(args.output).suffix.lower() != ".json":
        raise UserError(f"--output must end in .json, not {args.output!r}")
    bundle = load_model_dir(args.model_dir)
    corpus = corpus_for(bundle, args.data, download=args.download)
    _note_size(corpus)
    m = diagnostics.heldout_metrics(bundle, corpus, cache=not args.no_cache)
    result = m.summary()
    if len(m.confusion) == 2:
        (tn, fp), (fn, tp) = m.confusion
        lines = [
            f"{bundle.name}: {m.n} test reviews, threshold 0.5",
            f"  accuracy {m.accuracy:.4f}  ROC AUC {m.roc_auc:.4f}  average precision "
            f"{m.average_precision:.4f}  Brier {m.brier:.4f}",
            f"  confusion [[tn, fp], [fn, tp]] = [[{tn}, {fp}], [{fn}, {tp}]]",
        ]
    else:  # several classes: the predicted class is the most probable one
        lines = [
            f"{bundle.name}: {m.n} test reviews, {len(m.labels)} classes (the most probable "
            f"predicted)",
            f"  accuracy {m.accuracy:.4f}  macro ROC AUC (one vs rest) {m.roc_auc:.4f}",
            "  confusion (rows: true label; columns: predicted), labels "
            + ", ".join(m.labels)
            + ":",
            *(f"    {name:<12} {row}" for name, row in zip(m.labels, m.confusion, strict=True)),
        ]
    lines += [
        "  per class: "
        + "  ".join(
            f"{row['class']}: P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f}"
            for row in m.class_table()
        ),
        "  accuracy by length (words of the raw text): "
        + "  ".join(
            f"{b.label}: {b.accuracy:.4f} (n={b.n})" if b.n else f"{b.label}: - (n=0)"
            for b in m.buckets
        ),
    ]
    if args.against:
        other = load_model_dir(args.against)
        counts = diagnostics.disagreement(
            bundle, other, corpus, corpus_for(other, args.data, download=False)
        ).counts()
        result["against"] = {"model": other.name, **counts}
        lines.append(
            f"  against {other.name}: only {bundle.name} right {counts['only_a_right']}, "
            f"only {other.name} right {counts['only_b_right']}, both wrong "
            f"{counts['both_wrong']}, both right {counts['both_right']}"
        )
    _say("\n".join(lines))
    if args.output:
        text = json.dumps(result, indent=1, ensure_ascii=False)
        _write(Path(args.output), lambda tmp: tmp.write_text(text, "utf-8"))
    return 0


#: One command-line argument: ``(flags, keyword arguments of add_argument)``.
_Arg = tuple[tuple[str, ...], dict[str, Any]]


def _arg(*flags: str, **kwargs: Any) -> _Arg:
    return flags, kwargs


_DATA = _arg(
    "--data", help="aclImdb folder or .tar.gz (default: $RNN_VIZ_DATA, then the Keras cache)"
)
_DOWNLOAD = _arg(
    "--download", action="store_true", help="download the dataset when it is not found (80 MB)"
)
_LIMIT = _arg(
    "--limit", type=_whole(1), help="only a fixed random sample of N test reviews (seed 0)"
)
_NO_CACHE = _arg("--no-cache", action="store_true", help="recompute, write no cache")
_TABLE = _arg("-o", "--output", help="write the result as .csv or .json")
#: The flags of an analysis over the test set (``--limit``: a sample of it).
_OVER_CORPUS = (_DATA, _DOWNLOAD, _LIMIT, _NO_CACHE, _TABLE)
_TEXT = _arg("text", help="the review ('-' reads stdin)")


def _flag(param) -> _Arg:
    """The command-line flag of one parameter of an analysis (``analysis.spec.Param``):
    its type and range, default (counted as the command line counts) and help."""
    kwargs: dict[str, Any] = {} if param.help is None else {"help": param.help}
    if param.type is bool:
        action = "store_false" if param.default else "store_true"
        return _arg(param.cli_flag, dest=param.name, action=action, **kwargs)
    if param.type is int:
        kwargs["type"] = _whole(int(param.low or 0) + param.counted_from, param.high)
    elif param.type is float:
        kwargs["type"] = _real(param.low, param.high, param.open_low)
    if param.required:
        kwargs["required"] = True
    else:
        kwargs["default"] = (
            param.default + param.counted_from if param.counted_from else param.default
        )
    return _arg(param.cli_flag, **kwargs)


@dataclasses.dataclass(frozen=True)
class _Described:
    """The flags of every parameter of the analysis ``rnn_viz.analysis.<name>``, in order,
    read from its description only when its sub-command is built (``rnn-viz --help`` and
    the other commands start without importing the analyses, so without TensorFlow)."""

    name: str

    def flags(self) -> tuple[_Arg, ...]:
        from rnn_viz import analysis

        return tuple(_flag(p) for p in getattr(analysis, self.name).params)


_GRU = "In Keras' GRU, z near 1 keeps the old state: h = z*h_prev + (1-z)*hh."


@dataclasses.dataclass(frozen=True)
class _Analysis:
    """One analysis sub-command: its name, help, the function that runs it and its
    arguments after ``model_dir`` (in order)."""

    name: str
    help: str
    description: str
    run: Callable[[argparse.Namespace], int]
    args: tuple[_Arg | _Described, ...]

    def arguments(self) -> list[_Arg]:
        """Its arguments after ``model_dir``.

        Returns:
            ``(flags, kwargs)`` of each, the described ones read from the analysis.
        """
        out: list[_Arg] = []
        for arg in self.args:
            out.extend(arg.flags() if isinstance(arg, _Described) else [arg])
        return out


def _analysis_commands() -> tuple[_Analysis, ...]:
    """Every analysis sub-command; the corpus analyses' flags come from their
    descriptions (``analysis.spec.Analysis``)."""
    return (
        _Analysis(
            "saturation",
            "gate saturation over the test set",
            "Fraction of real steps where each unit of each sigmoid gate is below --low (left) or "
            "above --high (right), over the test set (Karpathy et al. 2015, Fig. 4). " + _GRU,
            _cmd_saturation,
            (
                *_OVER_CORPUS,
                _Described("saturation"),
                _arg(
                    "--paper",
                    action="store_true",
                    help="report the GRU's z as the paper's 1 - z (left/right swapped)",
                ),
            ),
        ),
        _Analysis(
            "saturation-epochs",
            "gate saturation after every kept epoch",
            "Saturation and gate histograms after every epoch kept by 'train --keep-epochs', on a "
            "sample of test reviews. " + _GRU,
            _cmd_saturation_epochs,
            (
                _DATA,
                _DOWNLOAD,
                _NO_CACHE,
                _TABLE,
                _arg("--reviews", type=_whole(1), default=1000, help="test reviews sampled (1000)"),
                _arg("--seed", type=_whole(0), default=0, help="seed of the sample (0)"),
                _Described("saturation"),
            ),
        ),
        _Analysis(
            "unit-search",
            "where one unit is on, longest phrases first",
            "The test-set phrases where a unit of a gate or state stays above (or below) a "
            "threshold, longest first.",
            _cmd_unit_search,
            (
                *_OVER_CORPUS,
                _Described("unit_search"),
            ),
        ),
        _Analysis(
            "words-per-unit",
            "words that raise or lower each unit's state",
            "Mean change of each unit's h (and c) when each word is read, over the test set.",
            _cmd_words_per_unit,
            (
                *_OVER_CORPUS,
                _arg(
                    "--min-count",
                    type=_whole(1),
                    default=5,
                    help="only words read at least this often (5)",
                ),
                _arg("--top", type=_whole(1), default=5, help="words (or reviews) listed (5)"),
                _arg("--word", help="instead, list the test reviews that read this word"),
            ),
        ),
        _Analysis(
            "attribution",
            "integrated-gradients attribution per token",
            "Integrated gradients of p(positive) per token, from the all-padding baseline.",
            _cmd_attribution,
            (
                _TABLE,
                _TEXT,
                _arg(
                    "--steps", type=_whole(1), default=64, help="path steps (64), doubled as needed"
                ),
                _arg(
                    "--tol",
                    type=_real(0, open_low=True),
                    default=0.05,
                    help="completeness tolerance, a fraction (0.05)",
                ),
                _arg(
                    "--max-steps",
                    type=_whole(1),
                    default=1024,
                    help="most path steps (1024), at least --steps",
                ),
                _arg(
                    "--class",
                    dest="cls",
                    metavar="NAME",
                    help="the class whose probability is explained (default: positive for a "
                    "binary model, the predicted class for more classes)",
                ),
            ),
        ),
        _Analysis(
            "flips",
            "the smallest edits that change the prediction",
            "The single-word deletions and replacements of TEXT that move the model's "
            "prediction most toward another class (or --toward NAME), the ones that change "
            "the predicted class marked.",
            _cmd_flips,
            (
                _TABLE,
                _TEXT,
                _arg(
                    "--toward",
                    metavar="NAME",
                    help="the class a flip must reach (default: any other than the predicted)",
                ),
                _arg("--top", type=_whole(1), default=20, help="edits listed (20)"),
                _arg(
                    "--top-words",
                    type=_whole(1),
                    default=2000,
                    help="replacement words: the vocabulary's most frequent (2000)",
                ),
            ),
        ),
        _Analysis(
            "what-if",
            "compare the traces of a review and an edit of it",
            "Trace TEXT_A and TEXT_B (or TEXT_A edited with --edit) and their step-by-step "
            "difference, aligned from the last word.",
            _cmd_what_if,
            (
                _TABLE,
                _arg("text_a", help="the review ('-' reads stdin)"),
                _arg("text_b", nargs="?", help="the edited review"),
                _arg(
                    "--edit",
                    nargs="+",
                    metavar="ARG",
                    help="OP POSITION [WORD]: replace/delete/insert the word at POSITION "
                    "(counted from 0)",
                ),
            ),
        ),
        _Analysis(
            "memory",
            "connectivity: which earlier words move each step's p(positive)",
            "S[t, s] = |dp_t/de_s| (p_t: p(positive) had the review ended at step t; e_s: the "
            "embedding of the word at step s) for every pair of steps, padding included and "
            "flagged.",
            _cmd_memory,
            (
                _TEXT,
                _arg(
                    "-o",
                    "--output",
                    help="write tokens, ids, is_pad, prob and saliency (T, T) as .npz",
                ),
                _arg("--top", type=_whole(1), default=10, help="words listed (10)"),
            ),
        ),
        _Analysis(
            "gradient-distance",
            "the vanishing gradient measured over the test set",
            "Median and quartiles of |dp_T/de_(T-k)| against the distance k of the word from the "
            "last one, over real words of a fixed random sample of test reviews.",
            _cmd_gradient_distance,
            (
                _DATA,
                _DOWNLOAD,
                _NO_CACHE,
                _TABLE,
                _arg(
                    "--reviews",
                    dest="limit",
                    metavar="N",
                    type=_whole(1),
                    default=500,
                    help="test reviews, a fixed random sample of both labels (500)",
                ),
            ),
        ),
        _Analysis(
            "metrics",
            "test-set metrics of a model (accuracy, ROC AUC, ...)",
            "Accuracy, ROC AUC, average precision, Brier score, the confusion matrix "
            "[[tn, fp], [fn, tp]] and accuracy by review length, over every test review "
            "(scikit-learn, threshold 0.5).",
            _cmd_metrics,
            (
                _arg(
                    "--against",
                    metavar="OTHER_MODEL_DIR",
                    help="also count the reviews each model gets right and the other wrong",
                ),
                _DATA,
                _DOWNLOAD,
                _arg("--no-cache", action="store_true", help="recompute the metrics"),
                _arg("-o", "--output", help="write the metrics as .json"),
            ),
        ),
    )


def _add_analysis_commands(sub: argparse._SubParsersAction, command: str | None) -> None:
    """Register every command of ``_analysis_commands()``: ``COMMAND model_dir ARGS...``;
    the arguments only of ``command`` (all of them for ``ALL_COMMANDS``), since the
    described ones import the analyses."""
    for each in _analysis_commands():
        p = sub.add_parser(each.name, help=each.help, description=each.description)
        p.set_defaults(func=each.run)
        if command in (ALL_COMMANDS, each.name):
            p.add_argument("model_dir")
            for flags, kwargs in each.arguments():
                p.add_argument(*flags, **kwargs)


#: ``parser(ALL_COMMANDS)`` builds every sub-command's arguments.
ALL_COMMANDS = "*"


def _command_in(argv: list[str]) -> str | None:
    """The sub-command ``argv`` names: its first word that is not a flag (the only flag
    before it, ``--debug``, takes no value); None when there is none (``--help``)."""
    return next((word for word in argv if not word.startswith("-")), None)


def parser(command: str | None = ALL_COMMANDS) -> argparse.ArgumentParser:
    """The command line's parser: ``train``, ``trace``, ``models`` and the analyses.

    Args:
        command: the sub-command whose arguments are needed (``ALL_COMMANDS``: every
            one's; None: none of the analyses', as for ``rnn-viz --help``).

    Returns:
        The parser; each sub-command sets ``func``, the function that runs it.
    """
    from rnn_viz.core.cell_kinds import CELL_KINDS
    from rnn_viz.core.recipes import MERGE_MODES, PRESETS
    from rnn_viz.i18n import LANGUAGES

    p = _Parser(prog="python -m rnn_viz", description=__doc__.splitlines()[0])
    p.add_argument(
        "--debug",
        action="store_true",
        help="also print the traceback of an expected error (before the command)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser(
        "train",
        help="train a preset with the reference recipe, or a model on your own dataset",
        description="NAME a preset (" + ", ".join(sorted(PRESETS)) + ") trains it on IMDB; "
        "any other NAME trains a model of that name on --data (default recipe: lstm's).",
    )
    t.add_argument("name", metavar="NAME")
    t.add_argument(
        "--data",
        help="a preset: aclImdb folder or .tar.gz (default: $RNN_VIZ_DATA, Keras cache, "
        "download); another NAME: a .csv/.tsv/.jsonl table, or a folder or .zip of label folders",
    )
    t.add_argument("--text-column", help="the table's column holding the texts")
    t.add_argument("--label-column", help="the table's column holding the labels")
    t.add_argument(
        "--split-column",
        help="the table's column of train/test (default: 'split' when it has one, else a "
        "seeded stratified 80/20 split)",
    )
    t.add_argument("--cell", choices=sorted(CELL_KINDS), help="the recurrent cell")
    t.add_argument(
        "--bidirectional", action="store_true", help="each recurrent layer reads both ways"
    )
    t.add_argument(
        "--merge-mode", choices=MERGE_MODES, help="how a bidirectional layer merges (concat)"
    )
    t.add_argument(
        "--out", help="model folder to write (default: $RNN_VIZ_MODELS/NAME or models/NAME)"
    )
    t.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    t.add_argument("--epochs", type=_whole(1))
    t.add_argument("--lr", type=_real(0, open_low=True))
    t.add_argument("--batch-size", type=_whole(1))
    t.add_argument(
        "--seed", type=_whole(0, 2**32 - 1), help="initialises the weights (default: the preset's)"
    )
    t.add_argument(
        "--split-seed",
        type=_whole(0, 2**32 - 1),
        help="random_state of the train/validation split (default 0), independent of --seed",
    )
    t.add_argument("--units", type=_whole(1))
    t.add_argument("--layers", type=_whole(1))
    t.add_argument("--dropout", type=_real(0, 1, open_high=True))
    t.add_argument(
        "--tokenizer",
        choices=TRAINABLE,
        help="reference: words as the reference notebook cuts them (default); chars: one "
        "token per character; kiwi: Korean morphemes (needs rnn-viz[korean])",
    )
    t.add_argument(
        "--keep-epochs",
        action="store_true",
        help="also keep the weights of every epoch (for saturation across training)",
    )
    t.add_argument(
        "--no-jit",
        action="store_true",
        help="train without XLA compilation (starts sooner; each epoch is slower on a CPU)",
    )
    t.add_argument("--quiet", action="store_true", help="one line per epoch")
    t.set_defaults(func=_cmd_train)

    r = sub.add_parser(
        "trace",
        help="capture every gate of a model on a text",
        description="Print the per-token trace of TEXT ('-' reads stdin). "
        "In Keras' GRU, z near 1 keeps the old state: h = z*h_prev + (1-z)*hh.",
    )
    r.add_argument("model_dir")
    r.add_argument("text")
    r.add_argument("-o", "--output", help="write the trace as .npz")
    r.add_argument("--show-pad", action="store_true", help="also list the padding steps")
    r.set_defaults(func=_cmd_trace)

    h = sub.add_parser(
        "html",
        help="write a text's stepper as one self-contained web page (opens offline)",
        description="Write MODEL's stepper on TEXT ('-' reads stdin) as one HTML file with "
        "everything inside (Plotly too): it opens offline, steps like the app and states the "
        "model, text, parity and date. MODEL: a model folder or a shipped/trained model's name.",
    )
    h.add_argument("model", metavar="MODEL")
    h.add_argument("text", metavar="TEXT")
    h.add_argument("-o", "--output", required=True, help="the .html file to write")
    h.add_argument("--compare", metavar="MODEL2", help="a second model on the same control")
    h.add_argument("--lang", choices=sorted(LANGUAGES), help="the page's language (default en)")
    h.add_argument("--show-pad", action="store_true", help="also show the padding steps")
    h.set_defaults(func=_cmd_html)

    m = sub.add_parser("models", help="list the shipped and user-trained models")
    m.set_defaults(func=_cmd_models)

    _add_analysis_commands(sub, command)
    return p


def _check_together(args: argparse.Namespace) -> None:
    """The checks that involve two arguments, as argparse errors of the command."""
    command = _Parser(prog=f"python -m rnn_viz {args.command}")
    if getattr(args, "low", None) is not None and args.low > args.high:
        command.error(f"--low ({args.low:g}) must not be above --high ({args.high:g})")
    if args.func is _cmd_attribution and args.max_steps < args.steps:
        command.error(f"--max-steps ({args.max_steps}) must be at least --steps ({args.steps})")


def main(argv: list[str] | None = None) -> int:
    """Run one command (``python -m rnn_viz``, the ``rnn-viz`` entry point).

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 done, 2 an expected failure (an ``RnnVizError``: one line on
        stderr, after its traceback with ``--debug``), 130 interrupted. Bad arguments
        exit with status 2 from argparse; any other exception propagates (a bug).
    """
    argv = sys.argv[1:] if argv is None else argv
    args = parser(_command_in(argv)).parse_args(argv)
    _check_together(args)
    try:
        return args.func(args)
    except RnnVizError as err:
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        _say(f"error: {escape(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
