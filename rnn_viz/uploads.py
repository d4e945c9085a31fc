"""Uploaded model files: a ``.keras`` file or a zipped model folder becomes a model folder."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from .data import Vocabulary
from .models import ModelError, load_keras_model, load_model_dir, shipped_models


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
