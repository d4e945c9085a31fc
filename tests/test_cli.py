"""The command line: ``python -m rnn_viz trace|train|models``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rnn_viz.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_trace_prints_a_per_token_summary_and_writes_the_npz(tiny_lstm_dir, tmp_path, capsys):
    out = tmp_path / "trace.npz"
    assert main(["trace", str(tiny_lstm_dir), "The movie was GREAT, not dull!", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "GREAT," in printed and "p(pos)" in printed and "prediction: p(positive)" in printed
    assert "padding steps" in printed
    with np.load(out) as f:
        assert f["tokens"][-1] == "dull!" and f["is_pad"].sum() == 40 - 6
        assert f["layer1/f"].shape == (40, 4) and f["layer2/h"].shape == (40, 4)
        assert abs(f["prob"][-1] - float(printed.split("p(positive) = ")[1].split()[0])) < 1e-4


def test_trace_of_a_gru_says_how_keras_gru_keeps_its_state(tiny_gru_dir, capsys):
    assert main(["trace", str(tiny_gru_dir), "boring plot"]) == 0
    assert "z is near 1" in capsys.readouterr().out


@pytest.mark.parametrize("text,code,expected", [
    ("", 2, "no words"),
    ("?!?! ... ---", 2, "no words"),
    ("정말 재미있는 영화", 0, "None of its words"),
    ("😀 movie 🎬", 0, "prediction"),
    ("<script>alert('x')</script> great", 0, "<script>alert('x')</scr…"),
    ("great " * 20_000, 0, "were cut"),
])
def test_trace_answers_bad_input_with_a_result_or_one_clear_line(tiny_lstm_dir, capsys,
                                                                 text, code, expected):
    assert main(["trace", str(tiny_lstm_dir), text]) == code
    captured = capsys.readouterr()
    if code:
        assert captured.err.startswith("error: ") and expected in captured.err
        assert "Traceback" not in captured.err
    else:
        assert expected in captured.out


def test_trace_of_a_missing_or_broken_model_is_one_clear_line(tmp_path, capsys):
    assert main(["trace", str(tmp_path / "nope"), "hello"]) == 2
    assert "No model found" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "model.keras").write_text("not a model")
    (tmp_path / "bad" / "vocab.json").write_text('{"words": ["", "[UNK]"], "maxlen": 5}')
    assert main(["trace", str(tmp_path / "bad"), "hello"]) == 2
    assert "not a Keras model file" in capsys.readouterr().err


def test_train_without_a_dataset_says_where_it_looked(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RNN_VIZ_DATA", str(tmp_path / "missing.tar.gz"))
    assert main(["train", "lstm", "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "missing.tar.gz" in err and "Traceback" not in err
    assert not (tmp_path / "m").exists()


def test_train_refuses_an_existing_folder_before_training(tmp_path, capsys, tiny_imdb):
    (tmp_path / "m").mkdir()
    assert main(["train", "lstm", "--data", str(tiny_imdb), "--out", str(tmp_path / "m")]) == 2
    assert "--overwrite" in capsys.readouterr().err


def test_train_cli_runs_the_recipe_and_saves_a_loadable_folder(tmp_path, tiny_imdb):
    """The real entry point, in a subprocess, on the tiny dataset."""
    env = {**os.environ, "RNN_VIZ_DATA": str(tiny_imdb)}
    out = tmp_path / "cli_lstm"
    run = subprocess.run(
        [sys.executable, "-m", "rnn_viz", "train", "lstm", "--epochs", "1", "--units", "3",
         "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Saved" in run.stdout and "test accuracy" in run.stdout
    from rnn_viz import load_model_dir

    bundle = load_model_dir(out)
    assert bundle.config["recipe"]["units"] == 3 and bundle.config["recipe"]["lr"] == 1e-4
    assert len(bundle.history) == 1
    trace = subprocess.run([sys.executable, "-m", "rnn_viz", "trace", str(out), "great fun"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert trace.returncode == 0 and "great" in trace.stdout


def test_trace_output_without_npz_suffix_gets_one_and_leaves_no_partial_file(tiny_lstm_dir,
                                                                            tmp_path, capsys):
    assert main(["trace", str(tiny_lstm_dir), "great fun", "-o", str(tmp_path / "t")]) == 0
    assert f"Wrote {tmp_path / 't.npz'}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.npz"]
    with np.load(tmp_path / "t.npz") as f:
        assert f["tokens"][-1] == "fun"
