"""The command line: ``python -m rnn_viz trace|train|models``."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rnn_viz.cli import main
from rnn_viz.core.recipes import PRESETS

ROOT = Path(__file__).resolve().parent.parent


def test_trace_prints_a_per_token_summary_and_writes_the_npz(tiny_lstm_dir, tmp_path, capsys):
    out = tmp_path / "trace.npz"
    assert (
        main(["trace", str(tiny_lstm_dir), "The movie was GREAT, not dull!", "-o", str(out)]) == 0
    )
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


@pytest.mark.parametrize(
    "text,code,expected",
    [
        ("", 2, "no words"),
        ("?!?! ... ---", 2, "no words"),
        ("정말 재미있는 영화", 0, "None of its words"),
        ("😀 movie 🎬", 0, "prediction"),
        ("<script>alert('x')</script> great", 0, "<script>alert('x')</scr…"),
        ("great " * 20_000, 0, "were cut"),
    ],
)
def test_trace_answers_bad_input_with_a_result_or_one_clear_line(
    tiny_lstm_dir, capsys, text, code, expected
):
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


def test_debug_adds_the_traceback_of_an_expected_error(tmp_path, capsys):
    assert main(["--debug", "trace", str(tmp_path / "nope"), "hello"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ModelError" in err
    assert err.rstrip().splitlines()[-1].startswith("error: No model found")


def test_an_unexpected_exception_is_a_traceback_not_an_error_line(monkeypatch, capsys):
    from rnn_viz import cli

    def broken(args):
        return 1 / 0

    monkeypatch.setattr(cli, "_cmd_models", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["models"])
    assert "error:" not in capsys.readouterr().err


def test_a_unit_the_model_lacks_is_one_clear_line(tiny_lstm_dir, tiny_imdb, capsys):
    argv = ["unit-search", str(tiny_lstm_dir), "--data", str(tiny_imdb), "--no-cache"]
    assert main([*argv, "--unit", "99", "--threshold", "0.5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unit must be 0..3") and "Traceback" not in err


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


def test_train_cli_runs_the_recipe_and_saves_a_loadable_folder(tmp_path, tiny_imdb, capsys):
    """The real entry point, in a subprocess, on the tiny dataset."""
    env = {**os.environ, "RNN_VIZ_DATA": str(tiny_imdb)}
    out = tmp_path / "cli_lstm"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnn_viz",
            "train",
            "lstm",
            "--epochs",
            "1",
            "--units",
            "3",
            "--out",
            str(out),
            "--quiet",
            "--no-jit",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Saved" in run.stdout and "test accuracy" in run.stdout
    from rnn_viz import load_model_dir

    bundle = load_model_dir(out)
    # the preset's recipe, with the command line's changes and nothing else
    expected = dataclasses.replace(PRESETS["lstm"], epochs=1, units=3, jit_compile=False)
    assert bundle.config["recipe"] == dataclasses.asdict(expected)
    assert len(bundle.history) == 1
    assert main(["trace", str(out), "great fun"]) == 0
    assert "great" in capsys.readouterr().out


def test_trace_output_without_npz_suffix_gets_one_and_leaves_no_partial_file(
    tiny_lstm_dir, tmp_path, capsys
):
    assert main(["trace", str(tiny_lstm_dir), "great fun", "-o", str(tmp_path / "t")]) == 0
    assert f"Wrote {tmp_path / 't.npz'}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.npz"]
    with np.load(tmp_path / "t.npz") as f:
        assert f["tokens"][-1] == "fun"


# --------------------------------------------------------------------------- #
# Numbers out of their domain are argparse errors: one line, exit 2
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "argv,expected",
    [
        (
            ["unit-search", "M", "--unit", "0", "--threshold", "nan"],
            "--threshold: must be a finite",
        ),
        (
            ["unit-search", "M", "--unit", "0", "--threshold", "inf"],
            "--threshold: must be a finite",
        ),
        (["unit-search", "M", "--unit", "0", "--threshold=-inf"], "--threshold: must be a finite"),
        (
            ["unit-search", "M", "--unit", "0", "--threshold", "0.5", "--top", "-1"],
            "--top: must be at least 1, not -1",
        ),
        (["unit-search", "M", "--unit", "0", "--threshold", "0.5", "--top", "0"], "--top"),
        (["unit-search", "M", "--unit", "-1", "--threshold", "0.5"], "--unit: must be at least 0"),
        (["unit-search", "M", "--unit", "0", "--threshold", "0.5", "--layer", "0"], "--layer"),
        (["unit-search", "M", "--unit", "0", "--threshold", "0.5", "--context", "-2"], "--context"),
        (["saturation", "M", "--limit", "0"], "--limit: must be at least 1, not 0"),
        (["saturation", "M", "--limit", "-5"], "--limit"),
        (["saturation", "M", "--low", "nan"], "--low: must be a finite"),
        (["saturation", "M", "--high", "1.5"], "--high: must be in [0, 1], not 1.5"),
        (["saturation", "M", "--bins", "0"], "--bins"),
        (["saturation", "M", "--low", "0.9", "--high", "0.1"], "--low (0.9) must not be above"),
        (["saturation-epochs", "M", "--reviews", "0"], "--reviews"),
        (["saturation-epochs", "M", "--seed", "-1"], "--seed"),
        (["words-per-unit", "M", "--min-count", "0"], "--min-count"),
        (["words-per-unit", "M", "--top", "-1"], "--top"),
        (["attribution", "M", "text", "--steps", "0"], "--steps: must be at least 1, not 0"),
        (["attribution", "M", "text", "--steps", "-3"], "--steps"),
        (["attribution", "M", "text", "--tol", "0"], "--tol: must be above 0"),
        (["attribution", "M", "text", "--tol", "nan"], "--tol: must be a finite"),
        (["attribution", "M", "text", "--max-steps", "8"], "--max-steps (8) must be at least"),
        (["train", "lstm", "--epochs", "0"], "--epochs"),
        (["train", "lstm", "--lr", "0"], "--lr: must be above 0"),
        (["train", "lstm", "--lr", "inf"], "--lr: must be a finite"),
        (["train", "lstm", "--batch-size", "-64"], "--batch-size"),
        (["train", "lstm", "--units", "0"], "--units"),
        (["train", "lstm", "--layers", "0"], "--layers"),
        (["train", "lstm", "--dropout", "1"], "--dropout: must be in [0, 1), not 1"),
        (["train", "lstm", "--dropout", "nan"], "--dropout: must be a finite"),
        (["train", "lstm", "--seed", "-1"], "--seed"),
        (["train", "lstm", "--epochs", "2.5"], "--epochs: must be a whole number, not '2.5'"),
    ],
)
def test_numbers_out_of_their_domain_are_refused_in_one_line(
    argv, expected, capsys, tmp_path, monkeypatch
):
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "models"))
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        f"python -m rnn_viz {argv[0]}: error: argument"
        if "(" not in expected
        else f"python -m rnn_viz {argv[0]}: error: "
    )
    assert not (tmp_path / "models").exists()


def test_numbers_in_their_domain_still_parse():
    from rnn_viz.cli import parser

    args = parser().parse_args(
        [
            "unit-search",
            "M",
            "--unit",
            "0",
            "--threshold",
            "-0.5",
            "--top",
            "1",
            "--context",
            "0",
            "--limit",
            "1",
        ]
    )
    assert (args.threshold, args.top, args.context, args.limit) == (-0.5, 1, 0, 1)
    args = parser().parse_args(["saturation", "M", "--low", "0", "--high", "1"])
    assert (args.low, args.high) == (0.0, 1.0)
    args = parser().parse_args(["train", "lstm", "--dropout", "0", "--lr", "1e-4"])
    assert (args.dropout, args.lr) == (0.0, 1e-4)


# --------------------------------------------------------------------------- #
# The user's text never reaches the terminal with its control characters
# --------------------------------------------------------------------------- #
HOSTILE = "great\x1b[2J\x1b]0;pwned\x07 movie\x00 not\u202ebad\x7f fun\x9b31m"


def test_trace_escapes_control_characters_of_the_tokens(tiny_lstm_dir, capsys):
    assert main(["trace", str(tiny_lstm_dir), HOSTILE]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x00\x7f\x9b\u202e")
    assert "great\\x1b[2J\\x1b]0;pwned\\x07" in out and "not\\u202ebad" in out
    assert "movie\\x00" in out


def test_what_if_echoes_the_texts_on_one_escaped_line_each(tiny_gru_dir, capsys):
    text_b = "the film\nb: forged line\r\x1b[1A was awful"
    assert main(["what-if", str(tiny_gru_dir), "the film was great", text_b]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert "b: the film\\nb: forged line\\r\\x1b[1A was awful\n" in out
    assert [line for line in out.splitlines() if line.startswith("b: ")] == [
        "b: the film\\nb: forged line\\r\\x1b[1A was awful"
    ]


def test_error_lines_escape_control_characters(tmp_path, capsys):
    assert main(["trace", str(tmp_path / "no\x1b[31mpe"), "hello"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "no\\x1b[31mpe" in err and err.count("\n") == 1
