"""The analysis subcommands of ``python -m rnn_viz``: output formats and failures."""

from __future__ import annotations

import csv
import io
import json
import tarfile

import pytest
from helpers import without_its_dataset

from rnn_viz.cli import main


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_saturation_cli_writes_csv_and_json(tiny_lstm_dir, tiny_imdb, tmp_path, capsys):
    out = tmp_path / "sat.csv"
    code, stdout, _ = _run(
        capsys,
        "saturation",
        tiny_lstm_dir,
        "--data",
        tiny_imdb,
        "--low",
        0.2,
        "--high",
        0.8,
        "-o",
        out,
    )
    assert code == 0 and "Wrote" in stdout and "layer1 i" in stdout
    rows = _csv(out)
    assert list(rows[0]) == [
        "model",
        "layer",
        "layer_name",
        "cell",
        "gate",
        "label",
        "unit",
        "left",
        "right",
        "n_steps",
    ]
    assert {(r["layer"], r["gate"]) for r in rows} == {(k, g) for k in "12" for g in "ifo"}
    assert len(rows) == 2 * 3 * 4
    assert all(0 <= float(r["left"]) + float(r["right"]) <= 1 for r in rows)
    js = tmp_path / "sat.json"
    assert (
        _run(
            capsys,
            "saturation",
            tiny_lstm_dir,
            "--data",
            tiny_imdb,
            "--low",
            0.2,
            "--high",
            0.8,
            "-o",
            js,
        )[0]
        == 0
    )
    data = json.loads(js.read_text())
    assert data["low"] == 0.2 and data["high"] == 0.8 and len(data["gates"]) == 6
    assert data["gates"][0]["left"] == pytest.approx([float(r["left"]) for r in rows[:4]])


def test_saturation_cli_paper_convention_relabels_gru_z(tiny_gru_dir, tiny_imdb, tmp_path, capsys):
    keras_csv, paper_csv = tmp_path / "k.csv", tmp_path / "p.csv"
    _run(capsys, "saturation", tiny_gru_dir, "--data", tiny_imdb, "-o", keras_csv)
    _run(capsys, "saturation", tiny_gru_dir, "--data", tiny_imdb, "--paper", "-o", paper_csv)
    k_rows, p_rows = _csv(keras_csv), _csv(paper_csv)
    for k, p in zip(k_rows, p_rows, strict=True):
        if k["gate"] == "z":
            assert p["label"].startswith("1-z") and (p["left"], p["right"]) == (
                k["right"],
                k["left"],
            )
        else:
            assert p == k


def test_saturation_epochs_cli_has_an_epoch_column(tiny_gru_dir, tiny_imdb, tmp_path, capsys):
    out = tmp_path / "epochs.csv"
    code, stdout, _ = _run(
        capsys, "saturation-epochs", tiny_gru_dir, "--data", tiny_imdb, "--reviews", 10, "-o", out
    )
    assert code == 0 and "epoch   1" in stdout
    rows = _csv(out)
    assert {r["epoch"] for r in rows} == {"1", "2"}
    assert len(rows) == 2 * 2 * 2 * 4  # epochs × layers × gates (z r) × units


def test_unit_search_cli_lists_runs(tiny_lstm_dir, tiny_imdb, tmp_path, capsys):
    out = tmp_path / "runs.json"
    code, stdout, _ = _run(
        capsys,
        "unit-search",
        tiny_lstm_dir,
        "--data",
        tiny_imdb,
        "--layer",
        2,
        "--gate",
        "c",
        "--unit",
        0,
        "--threshold",
        0.0,
        "--top",
        3,
        "-o",
        out,
    )
    assert code == 0
    data = json.loads(out.read_text())
    assert data["layer"] == 2 and data["gate"] == "c" and data["direction"] == "above"
    assert len(data["matches"]) == 3
    lengths = [m["length"] for m in data["matches"]]
    assert lengths == sorted(lengths, reverse=True)
    assert f"#{data['matches'][0]['review']} " in stdout


def test_unit_search_cli_rejects_a_gate_the_cell_lacks(tiny_lstm_dir, tiny_imdb, capsys):
    code, _, err = _run(
        capsys,
        "unit-search",
        tiny_lstm_dir,
        "--data",
        tiny_imdb,
        "--gate",
        "z",
        "--unit",
        0,
        "--threshold",
        0.5,
    )
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1


def test_words_per_unit_cli_writes_a_words_by_units_table(
    tiny_gru_dir, tiny_imdb, tmp_path, capsys
):
    out = tmp_path / "words.csv"
    code, stdout, _ = _run(
        capsys, "words-per-unit", tiny_gru_dir, "--data", tiny_imdb, "--min-count", 10, "-o", out
    )
    assert code == 0 and "layer1/h[0] raised by:" in stdout
    rows = _csv(out)
    assert list(rows[0])[:4] == ["word", "id", "count", "layer1/h[0]"]
    assert len(list(rows[0])) == 3 + 2 * 4
    assert all(int(r["count"]) >= 10 for r in rows)
    code, stdout, _ = _run(
        capsys, "words-per-unit", tiny_gru_dir, "--data", tiny_imdb, "--word", "great"
    )
    assert code == 0 and "test reviews read 'great'" in stdout


def test_attribution_cli_needs_no_dataset(tiny_lstm_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RNN_VIZ_DATA", str(tmp_path / "missing"))
    out = tmp_path / "attr.csv"
    code, stdout, _ = _run(
        capsys, "attribution", tiny_lstm_dir, "a great film, truly great", "-o", out
    )
    assert code == 0 and "attributions sum to" in stdout
    rows = _csv(out)
    assert [r["token"] for r in rows] == ["a", "great", "film,", "truly", "great"]


def test_what_if_cli_with_an_edit(tiny_gru_dir, tmp_path, capsys):
    out = tmp_path / "whatif.json"
    code, stdout, _ = _run(
        capsys,
        "what-if",
        tiny_gru_dir,
        "the film was great",
        "--edit",
        "replace",
        3,
        "awful",
        "-o",
        out,
    )
    assert code == 0 and "b: the film was awful" in stdout and "p(positive):" in stdout
    data = json.loads(out.read_text())
    assert data["text_b"] == "the film was awful"
    assert data["change"] == pytest.approx(data["prediction_b"] - data["prediction_a"])
    assert [s["token_b"] for s in data["steps"]] == ["the", "film", "was", "awful"]
    code, _, err = _run(capsys, "what-if", tiny_gru_dir, "the film")
    assert code == 2 and "TEXT_B" in err


@pytest.mark.parametrize("command", ["saturation", "saturation-epochs", "words-per-unit"])
def test_missing_dataset_is_one_error_line(command, tiny_lstm_dir, tmp_path, capsys):
    code, _, err = _run(capsys, command, tiny_lstm_dir, "--data", tmp_path / "nowhere")
    assert code == 2
    assert err.startswith("error: The IMDB dataset was not found at") and err.count("\n") == 1


def test_missing_dataset_without_data_option_does_not_download(
    tiny_lstm_dir, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("RNN_VIZ_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty_keras"))
    folder = without_its_dataset(tiny_lstm_dir, tmp_path / "model")
    code, _, err = _run(capsys, "saturation", folder)
    assert code == 2 and "--data PATH" in err and "download failed" not in err


def test_bad_output_suffix_is_refused_before_any_work(tiny_lstm_dir, tiny_imdb, tmp_path, capsys):
    code, _, err = _run(
        capsys, "saturation", tiny_lstm_dir, "--data", tiny_imdb, "-o", tmp_path / "x.txt"
    )
    assert code == 2 and ".csv or .json" in err
    assert not (tmp_path / "x.txt").exists()


def test_a_dataset_not_of_the_official_size_is_noted_before_the_results(
    tiny_lstm_dir, tiny_imdb, capsys
):
    code, stdout, _ = _run(capsys, "saturation", tiny_lstm_dir, "--data", tiny_imdb)
    assert code == 0
    assert stdout.startswith("note: This dataset has 80 training reviews")
    assert "not comparable" in stdout.splitlines()[0]


def test_a_damaged_dataset_is_one_error_line_and_writes_nothing(
    tiny_lstm_dir, tiny_imdb, tmp_path, capsys
):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(tiny_imdb / "aclImdb", arcname="aclImdb")
    packed = buffer.getvalue()
    middle = len(packed) // 2
    bad = tmp_path / "damaged.tar.gz"
    bad.write_bytes(
        packed[:middle]
        + bytes(b ^ 0xFF for b in packed[middle : middle + 64])
        + packed[middle + 64 :]
    )
    out = tmp_path / "sat.csv"
    code, stdout, err = _run(capsys, "saturation", tiny_lstm_dir, "--data", bad, "-o", out)
    assert code == 2 and err.startswith("error: Could not read the IMDB dataset")
    assert "damaged" in err and err.count("\n") == 1
    assert not out.exists() and "Wrote" not in stdout
