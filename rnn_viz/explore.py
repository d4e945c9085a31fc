"""Everything the app's pages compute, kept free of Streamlit so it can be tested alone.

- the model registry: shipped models, models the user trained, uploaded models;
- the example reviews of ``assets/examples.json``;
- test-set reviews filtered by label, right/wrong prediction and length, with each
  model's predictions over the test set cached on disk;
- the step panel: the numbers of one cell step, unit by unit;
- a background training job with progress and a stop flag;
- the comparison tables of the Compare page.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import threading
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import files
from .capture import GATE_NAMES, Trace
from .data import Corpus, Vocabulary, cache_dir
from .models import (ModelBundle, ModelError, Recipe, layer_parameters,
                     load_keras_model, load_model_dir, shipped_models,
                     user_models, user_models_dir)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
EXAMPLES_PATH = ASSETS / "examples.json"
SOURCES = ("shipped", "user", "uploaded")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


# --------------------------------------------------------------------------- #
# Model registry
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class ModelEntry:
    """A model the app can load. ``label`` is unique and shown in the pickers;
    ``stamp`` (the model file's mtime in ns) keys caches so a retrained folder reloads."""

    label: str
    name: str
    source: str  # "shipped", "user" or "uploaded"
    path: Path
    stamp: int
    note: str = ""


def _stamp(folder: Path) -> int:
    try:
        return (folder / "model.keras").stat().st_mtime_ns
    except OSError:
        return 0


def available_models(uploaded: dict[str, tuple[Path, str]] | None = None) -> dict[str, ModelEntry]:
    """All models, by label: shipped first, then the user's, then ``uploaded``
    (``{name: (folder, note)}``, kept per browser session by the app)."""
    out: dict[str, ModelEntry] = {}
    groups = [("shipped", {n: (p, "") for n, p in shipped_models().items()}),
              ("user", {n: (p, "") for n, p in user_models().items()}),
              ("uploaded", uploaded or {})]
    for source, models in groups:
        for name, (path, note) in models.items():
            label = f"{name} ({source})"
            out[label] = ModelEntry(label, name, source, Path(path), _stamp(Path(path)), note)
    return out


def check_new_model_name(name: str) -> str | None:
    """Why ``name`` cannot name a newly trained model, or None when it can.

    A new model never replaces a shipped model nor an existing user model."""
    if not _NAME.match(name or ""):
        return ("Use 1-40 letters, digits, '-', '_' or '.', starting with a letter or digit.")
    if name in shipped_models():
        return f"{name!r} is a shipped model; choose another name."
    target = user_models_dir() / name
    if target.exists():
        return f"{target} already exists; choose another name."
    return None


def _input_spec(model) -> tuple[int | None, int | None]:
    """``(vocabulary size the embedding accepts, sequence length)`` of a Keras model."""
    import keras

    emb = next((l for l in model.layers if isinstance(l, keras.layers.Embedding)), None)
    return (int(emb.input_dim) if emb is not None else None), model.inputs[0].shape[1]


def safe_name(filename: str) -> str:
    """A model name made from an uploaded file's name: letters, digits, ``_.-`` only."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", Path(filename).stem)[:40] or "uploaded"


def import_upload(filename: str, data: bytes, dest_root: Path) -> tuple[Path, str]:
    """Turn an uploaded file into a model folder under ``dest_root``; return ``(folder, note)``.

    Accepts a ``.keras`` file, or a ``.zip`` of a model folder (``model.keras`` and
    ``vocab.json``). A bare ``.keras`` file borrows the vocabulary of a shipped
    model whose size fits its embedding and whose length fits its input (the
    note says which). The model is loaded in Keras' safe mode; anything unusable
    raises ``ModelError`` with the reason.
    """
    import io

    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(dest_root) / digest
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_name(filename)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ModelError(f"{filename} is not a Keras model (.keras) nor a zip of a model folder.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}
        is_folder = "model.keras" in names
        if is_folder:
            if "vocab.json" not in names:
                raise ModelError(f"{filename} holds model.keras but no vocab.json.")
            # Only known file names are written, never the archive's paths.
            for member in ("model.keras", "vocab.json", "history.json", "metrics.json",
                           "config.json"):
                if member in names:
                    (folder / member).write_bytes(archive.read(names[member]))
    if is_folder:
        bundle = load_model_dir(folder)
        config = {**bundle.config, "name": stem, "uploaded_from": filename}
        (folder / "config.json").write_text(json.dumps(config, indent=1), "utf-8")
        return folder, ""
    model_file = folder / "model.keras"
    model_file.write_bytes(data)
    model = load_keras_model(model_file)  # safe mode; ModelError says why not
    input_dim, seq_len = _input_spec(model)
    for name, path in shipped_models().items():
        vocab = Vocabulary.load(path / "vocab.json")
        if input_dim is not None and len(vocab) <= input_dim and seq_len in (None, vocab.maxlen):
            vocab.save(folder / "vocab.json")
            note = (f"{filename} has no vocabulary of its own: it reads words with the "
                    f"vocabulary of the shipped model {name!r} ({len(vocab)} words).")
            (folder / "config.json").write_text(
                json.dumps({"name": stem, "uploaded_from": filename, "vocab_from": name}), "utf-8")
            return folder, note
    raise ModelError(
        f"{filename} has no vocabulary, and no shipped vocabulary fits it "
        f"(its embedding reads {input_dim} word ids over {seq_len} steps). "
        "Upload a zip of the model folder (model.keras + vocab.json) instead.")


# --------------------------------------------------------------------------- #
# Example reviews
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Example:
    """A short review written for the app, with what to look for in its trace."""

    title: str
    text: str
    look_for: str


def load_examples(path: str | os.PathLike = EXAMPLES_PATH) -> list[Example]:
    data = json.loads(Path(path).read_text("utf-8"))
    return [Example(e["title"], e["text"], e["look_for"]) for e in data["examples"]]


# --------------------------------------------------------------------------- #
# Test-set reviews
# --------------------------------------------------------------------------- #
def review_lengths(corpus: Corpus) -> np.ndarray:
    """``(N,)`` words each test review gives the model (at most ``maxlen``)."""
    return (corpus.x_test != 0).sum(axis=1)


def _test_inputs(vocab: Vocabulary, corpus: Corpus) -> np.ndarray:
    if vocab.words == corpus.vocab.words and vocab.maxlen == corpus.vocab.maxlen:
        return corpus.x_test
    return vocab.encode_many([corpus.test_text(i) for i in range(corpus.n_test)])


def _predictions_path(bundle: ModelBundle, corpus: Corpus) -> Path:
    model_file = Path(bundle.path or ".") / "model.keras"
    stamp = model_file.stat().st_mtime_ns if model_file.exists() else 0
    key = f"{model_file.resolve()}|{stamp}|{corpus.source}|{corpus.n_test}|{len(bundle.vocab)}"
    return cache_dir() / f"predictions_{hashlib.sha1(key.encode()).hexdigest()[:16]}.npy"


def test_predictions(bundle: ModelBundle, corpus: Corpus, batch_size: int = 500) -> np.ndarray:
    """``(N,)`` float32 p(positive) of ``bundle``'s model for every test review.

    Computed in batches once per model file and corpus, then read from
    ``cache_dir()`` (written atomically, so an interrupted run leaves no file)."""
    path = _predictions_path(bundle, corpus)
    if path.exists():
        try:
            probs = np.load(path, allow_pickle=False)
            if probs.shape == (corpus.n_test,):
                return probs
        except (OSError, ValueError):
            pass
    x = _test_inputs(bundle.vocab, corpus)
    out = np.asarray(bundle.model.predict(x, batch_size=batch_size, verbose=0))
    probs = (out[:, -1] if out.ndim == 2 else out.reshape(len(x))).astype(np.float32)
    files.write_atomic(path, lambda tmp: np.save(tmp, probs))  # failing only costs time
    return probs


def filter_test_reviews(corpus: Corpus, label: int | None = None, outcome: str | None = None,
                        probs: np.ndarray | None = None, min_len: int = 0,
                        max_len: int | None = None) -> np.ndarray:
    """Indices of the test reviews with ``label`` (1 positive, 0 negative), whose
    prediction was ``outcome`` ("right"/"wrong", needs ``probs``), and whose length
    in words read is within ``[min_len, max_len]``."""
    keep = np.ones(corpus.n_test, bool)
    if label is not None:
        keep &= corpus.y_test == label
    if outcome is not None:
        if probs is None:
            raise ValueError("filtering by outcome needs the model's predictions")
        right = (probs >= 0.5).astype(np.int32) == corpus.y_test
        keep &= right if outcome == "right" else ~right
    lengths = review_lengths(corpus)
    keep &= lengths >= min_len
    if max_len is not None:
        keep &= lengths <= max_len
    return np.flatnonzero(keep)


# --------------------------------------------------------------------------- #
# Token view and step panel
# --------------------------------------------------------------------------- #
STATE_IN = "state in"


def visible_steps(trace: Trace, show_pad: bool = False) -> np.ndarray:
    """The step indices shown: all ``T``, or without padding the real steps preceded by
    the last padding step, labelled as the state entering the first real word."""
    if show_pad or trace.first_real == 0:
        return np.arange(trace.T)
    return np.arange(max(trace.first_real - 1, 0), trace.T)


def step_labels(trace: Trace, steps: np.ndarray) -> list[str]:
    """Unique category labels ``"t · token"`` for the steps (HTML-escaped for Plotly)."""
    out = []
    for t in steps:
        token = trace.tokens[t]
        if trace.is_pad[t] and t == trace.first_real - 1 and len(steps) < trace.T:
            token = STATE_IN
        out.append(f"{t} · {html.escape(token)}")
    return out


def token_html(trace: Trace, steps: np.ndarray, current: int, window: int = 60) -> str:
    """The review as HTML, every token escaped, the current one highlighted.

    Shows at most ``window`` tokens either side of ``current`` (a step index)."""
    pos = int(np.searchsorted(steps, current))
    lo, hi = max(pos - window, 0), min(pos + window + 1, len(steps))
    parts = ["… "] if lo else []
    for t in steps[lo:hi]:
        token = STATE_IN if (trace.is_pad[t] and t == trace.first_real - 1
                             and len(steps) < trace.T) else trace.tokens[t]
        text = html.escape(token)
        style = "color:#999;" if trace.is_pad[t] else ""
        if trace.is_oov[t]:
            style += "text-decoration:underline dotted;"
        if t == current:
            style += "background:#ffd54f;color:#000;font-weight:700;padding:0 3px;border-radius:3px;"
        cls = "rv-tok rv-current" if t == current else "rv-tok"
        parts.append(f'<span class="{cls}" title="step {t}" style="{style}">{text}</span>')
    if hi < len(steps):
        parts.append(" …")
    return '<div style="line-height:1.9;font-size:1.02rem">' + " ".join(parts) + "</div>"


@dataclass
class StepPanel:
    """One cell step at step ``t`` of one layer, unit by unit.

    ``columns`` maps a column name to a ``(units,)`` array, in display order;
    ``kept + written`` equals the new state (``c`` for LSTM, ``h`` for GRU)."""

    layer: str
    cell: str
    t: int
    token: str
    columns: dict[str, np.ndarray]

    @property
    def kept(self) -> np.ndarray:
        """What the step kept of the old state: f⊙c(t−1) (LSTM), z⊙h(t−1) (GRU)."""
        return self.columns["kept"]

    @property
    def written(self) -> np.ndarray:
        """What the step wrote: i⊙c̃ (LSTM), (1−z)⊙h̃ (GRU)."""
        return self.columns["written"]

    @property
    def new_state(self) -> np.ndarray:
        """The state the step produced: c (LSTM) or h (GRU), as the model computed it."""
        return self.columns["c" if self.cell == "lstm" else "h"]

    def rows(self) -> list[dict]:
        units = len(self.columns["kept"])
        return [{"unit": u, **{k: float(v[u]) for k, v in self.columns.items()}}
                for u in range(units)]

    def equations(self, unit: int) -> list[str]:
        """LaTeX lines of this step's equations with ``unit``'s numbers."""
        c = {k: float(v[unit]) for k, v in self.columns.items()}
        n = lambda x: f"{x:+.3f}".replace("+", "") if x >= 0 else f"({x:.3f})"  # noqa: E731
        if self.cell == "lstm":
            return [
                rf"c_t = f \odot c_{{t-1}} + i \odot \tilde c = {n(c['f'])}\cdot{n(c['c_prev'])}"
                rf" + {n(c['i'])}\cdot{n(c['g'])} = {n(c['kept'])} + {n(c['written'])}"
                rf" = {n(c['c'])}",
                rf"h_t = o \odot \tanh(c_t) = {n(c['o'])}\cdot\tanh({n(c['c'])}) = {n(c['h'])}",
            ]
        return [
            rf"h_t = z \odot h_{{t-1}} + (1-z) \odot \tilde h = {n(c['z'])}\cdot{n(c['h_prev'])}"
            rf" + {n(1 - c['z'])}\cdot{n(c['hh'])} = {n(c['kept'])} + {n(c['written'])}"
            rf" = {n(c['h'])}",
            rf"\tilde h = \tanh(x W_h + b_h + r \odot (h_{{t-1}} U_h + b'_h)),\quad r = {n(c['r'])}",
        ]


def step_panel(trace: Trace, layer_index: int, t: int) -> StepPanel:
    """The numbers of layer ``layer_index``'s step ``t`` (the state before step 0 is zero,
    as in Keras)."""
    layer = trace.layers[layer_index]
    g = layer.gates
    prev = lambda name: g[name][t - 1] if t > 0 else np.zeros(layer.units, np.float32)  # noqa: E731
    if layer.cell == "lstm":
        c_prev = prev("c")
        kept, written = g["f"][t] * c_prev, g["i"][t] * g["g"][t]
        cols = {"c_prev": c_prev, "f": g["f"][t], "kept": kept, "i": g["i"][t],
                "g": g["g"][t], "written": written, "c": g["c"][t], "o": g["o"][t],
                "tanh_c": np.tanh(g["c"][t]), "h": g["h"][t]}
    else:
        h_prev = prev("h")
        kept, written = g["z"][t] * h_prev, (1 - g["z"][t]) * g["hh"][t]
        cols = {"h_prev": h_prev, "z": g["z"][t], "kept": kept, "r": g["r"][t],
                "hh": g["hh"][t], "written": written, "h": g["h"][t]}
    return StepPanel(layer.name, layer.cell, t, trace.tokens[t], cols)


#: Column headers of the step panel, for display.
STEP_COLUMNS = {
    "c_prev": "c(t−1)", "h_prev": "h(t−1)", "kept": "kept", "written": "written",
    "tanh_c": "tanh c", **{k: v for k, v in GATE_NAMES.items()},
}


# --------------------------------------------------------------------------- #
# Background training
# --------------------------------------------------------------------------- #
@dataclass
class TrainJob:
    """Trains one model in a background thread; the page polls its fields.

    ``state`` is "waiting", "running", "done", "stopped" (by the user, the best
    epoch so far is saved) or "failed" (``error`` says why)."""

    name: str
    recipe: Recipe
    corpus: Corpus
    out: Path
    keep_epochs: bool = True  # for the Saturation page's "across training"
    state: str = "waiting"
    records: list[dict] = field(default_factory=list)
    error: str | None = None
    started: float = 0.0
    finished: float = 0.0
    bundle: ModelBundle | None = None
    batches: tuple[int, int] = (0, 0)  # (done, total) in the current epoch
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> "TrainJob":
        self.state, self.started = "running", time.time()
        self._thread = threading.Thread(target=self._work, name=f"train-{self.name}", daemon=True)
        self._thread.start()
        return self

    def _work(self) -> None:
        from .train import train

        try:
            self.bundle = train(self.name, self.recipe, self.corpus, self.out, verbose=0,
                                on_epoch=self._on_epoch, on_batch=self._on_batch,
                                should_stop=self._stop.is_set, keep_epochs=self.keep_epochs)
            self.state = "stopped" if self._stop.is_set() else "done"
        except Exception as err:  # reported in the page
            self.error = f"{err.__class__.__name__}: {err}"
            self.state = "failed"
            traceback.print_exc()
        finally:
            self.finished = time.time()

    def _on_epoch(self, record: dict, records: list[dict]) -> None:
        self.records = list(records)
        self.batches = (0, self.batches[1])

    def _on_batch(self, done: int, total: int) -> None:
        self.batches = (done, total)

    def stop(self) -> None:
        """Ask training to stop after the current batch; the best epoch is kept."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def stopping(self) -> bool:
        return self._stop.is_set() and self.running

    @property
    def progress(self) -> float:
        """Fraction of the epochs done, counting the current epoch's batches (early
        stopping may end it sooner)."""
        if self.state in ("done", "stopped"):
            return 1.0
        done, total = self.batches
        return min((len(self.records) + (done / total if total else 0.0)) / self.recipe.epochs,
                   1.0)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.time()) - self.started if self.started else 0.0


# --------------------------------------------------------------------------- #
# Compare
# --------------------------------------------------------------------------- #
def model_summary(bundle: ModelBundle) -> dict:
    """One row of the comparison table: recipe, size, test metrics, speed."""
    recipe = bundle.config.get("recipe", {})
    secs = [r["seconds"] for r in bundle.history if "seconds" in r]
    cells = {l.__class__.__name__ for l in bundle.model.layers} & {"LSTM", "GRU"}
    return {
        "model": bundle.name,
        "cell": "/".join(sorted(cells)),
        "layers": sum(l.__class__.__name__ in ("LSTM", "GRU") for l in bundle.model.layers),
        "units": recipe.get("units"),
        "parameters": int(bundle.model.count_params()),
        "test accuracy": bundle.metrics.get("test_acc"),
        "test loss": bundle.metrics.get("test_loss"),
        "epochs": len(bundle.history),
        "seconds / epoch": float(np.mean(secs)) if secs else None,
        "training seconds": float(np.sum(secs)) if secs else None,
    }


def parameter_table(bundles: list[ModelBundle]) -> list[dict]:
    """Parameters per layer of each model: ``model, layer, type, parameters``."""
    return [{"model": b.name, "layer": name, "type": kind, "parameters": n}
            for b in bundles for name, kind, n in layer_parameters(b.model)]
