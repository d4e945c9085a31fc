"""The table dataset kind: CSV, TSV and JSON-lines files read whole or refused with a
typed sentence; a model trained on one records it and reopens it; the CLI trains on one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rnn_viz.core import uploads
from rnn_viz.datasets import DatasetRecord, load_corpus, open_dataset
from rnn_viz.datasets.errors import (
    DatasetColumnError,
    DatasetFormatError,
    DatasetLabelError,
    DatasetTooLargeError,
)
from rnn_viz.datasets.kinds import DATASET_KINDS, open_user_dataset
from rnn_viz.datasets.table import TableDataset

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {
    "sports": "the team won the match and the striker scored",
    "politics": "the senate passed the bill after a long vote",
    "tech": "the new chip makes the laptop fast and cool",
}


def rows(n_per_class: int = 5, labels=("sports", "politics", "tech")) -> list[dict]:
    out = []
    for i in range(n_per_class):
        for k, label in enumerate(labels):
            out.append({"text": f"{TOPICS[list(TOPICS)[k]]} story {i}", "label": label})
    return out


def write_csv(path: Path, table: list[dict], delimiter: str = ",") -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]), delimiter=delimiter)
        w.writeheader()
        w.writerows(table)
    return path


def write_jsonl(path: Path, table: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in table), "utf-8")
    return path


def table(path: Path, **options) -> TableDataset:
    options.setdefault("text_column", "text")
    options.setdefault("label_column", "label")
    dataset = open_user_dataset(path, options)
    assert isinstance(dataset, TableDataset)
    return dataset


@pytest.mark.parametrize(
    "name, write",
    [
        ("news.csv", write_csv),
        ("news.tsv", lambda p, t: write_csv(p, t, "\t")),
        ("news.jsonl", write_jsonl),
    ],
)
def test_a_table_of_three_classes_is_read_whole_and_split_stratified(tmp_path, name, write):
    dataset = table(write(tmp_path / name, rows(5)))
    assert dataset.label_names == ("politics", "sports", "tech")
    counts = dataset.class_counts()
    assert counts == {
        "train": {"politics": 4, "sports": 4, "tech": 4},
        "test": {"politics": 1, "sports": 1, "tech": 1},
    }
    test = dataset.split("test")
    row = int(test.metadata["row"][0])
    assert test.texts[0] == rows(5)[row - 1]["text"]
    assert dataset.caption("test", 0).text("en").startswith(f"test row {row} of {name} (label:")
    assert "테스트 행" in dataset.caption("test", 0).text("ko")
    assert dataset.identity.startswith("table:")
    assert "table" in DATASET_KINDS


def test_the_same_rows_in_csv_tsv_and_jsonl_are_one_dataset(tmp_path):
    ids = {
        table(write_csv(tmp_path / "a.csv", rows())).identity,
        table(write_csv(tmp_path / "a.tsv", rows(), "\t")).identity,
        table(write_jsonl(tmp_path / "a.jsonl", rows())).identity,
    }
    assert len(ids) == 1


def test_integer_labels_sort_numerically_and_a_split_column_is_honoured(tmp_path):
    data = [
        {"body": f"words number {i} {'good' if i % 3 else 'bad'}", "y": y, "split": s}
        for i, (y, s) in enumerate([(10, "train"), (2, "train"), (1, "test"), (2, "test")] * 3)
    ]
    dataset = table(write_jsonl(tmp_path / "n.jsonl", data), text_column="body", label_column="y")
    assert dataset.label_names == ("1", "2", "10")
    assert len(dataset.split("train")) == 6 and len(dataset.split("test")) == 6
    assert list(dataset.split("test").metadata["row"]) == [3, 4, 7, 8, 11, 12]


def test_the_split_seed_changes_the_split_and_the_identity(tmp_path):
    path = write_csv(tmp_path / "a.csv", rows(10))
    a, b = table(path, split_seed=0), table(path, split_seed=1)
    assert a.identity != b.identity
    assert a.stamp != b.stamp


def _bad(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


GOOD = "text,label\n" + "".join(f"nice words {i},{'ab'[i % 2]}\n" for i in range(10))


@pytest.mark.parametrize(
    "name, content, options, error, words",
    [
        ("a.csv", GOOD.encode(), {"text_column": "txt"}, DatasetColumnError, "'text', 'label'"),
        ("a.csv", GOOD.encode(), {"text_column": None}, DatasetColumnError, "--text-column"),
        ("a.csv", b"text,label\n  ,a\nfine,b\n", {}, DatasetFormatError, "row 1 (line 2)"),
        ("a.csv", b"text,label\n" + b"same class,a\n" * 6, {}, DatasetLabelError, "one class"),
        ("a.csv", b"text,label\nx,a\ny,a\nz,b\n", {}, DatasetLabelError, "'b' has 1 example"),
        ("a.csv", b"text,text,label\nx,y,a\n", {}, DatasetColumnError, "twice"),
        ("a.csv", b"text,label\nok,a\n\xff bad,b\n", {}, DatasetFormatError, "byte 16 (line 3)"),
        ("a.csv", b"", {}, DatasetFormatError, "empty"),
        ("a.csv", b"text,label\nok,a\nok,b,extra\n", {}, DatasetFormatError, "row 2 (line 3)"),
        ("a.tsv", b"text\tlabel\nok\ta\n", {}, DatasetFormatError, ""),
        ("a.jsonl", b'{"text": "x", "label": "a"}\n{"text": "y"}\n', {}, DatasetFormatError, ""),
        ("a.jsonl", b'{"text": "x", "label": 1.5}\n', {}, DatasetFormatError, "row 1"),
        (
            "a.csv",
            b"text,label,split\nx,a,train\ny,b,dev\n",
            {},
            DatasetFormatError,
            "'dev'",
        ),
    ],
)
def test_a_bad_table_is_refused_whole_with_a_typed_sentence(
    tmp_path, name, content, options, error, words
):
    dataset = table(_bad(tmp_path, name, content), **options)
    with pytest.raises(error) as raised:
        load_corpus(dataset, vocab_size=50, maxlen=10)
    assert words in str(raised.value)
    assert dataset._content is None  # no partial corpus
    cache = Path(os.environ["RNN_VIZ_CACHE"])
    assert not list(cache.glob("table_*.npz"))  # nothing cached


def test_a_table_over_the_upload_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "big.csv", rows(20))
    monkeypatch.setattr(uploads, "LIMITS", uploads.UploadLimits(upload_bytes=100))
    with pytest.raises(DatasetTooLargeError, match="over the 0 MB limit"):
        table(path).read()


def test_an_old_record_without_options_still_reads():
    record = DatasetRecord.from_json({"kind": "imdb", "identity": None, "location": None})
    assert record.options == {}
    assert DatasetRecord.from_json(record.to_json()) == record


def test_the_cli_trains_a_bidirectional_gru_on_a_csv_whose_dataset_reopens_in_another_process(
    tmp_path,
):
    """The CLI trains in a process of its own; this one, which never read the table
    before, reopens the dataset the folder records: the same identity, the same encoded
    test reviews as the table read again."""
    from rnn_viz.analysis import corpus_for
    from rnn_viz.core.models import load_model_dir

    path = write_csv(tmp_path / "news.csv", rows(8))
    out = tmp_path / "cli_model"
    done = subprocess.run(
        [
            sys.executable, "-m", "rnn_viz", "train", "mynews", "--data", str(path),
            "--text-column", "text", "--label-column", "label", "--cell", "gru",
            "--bidirectional", "--units", "2", "--epochs", "1", "--no-jit", "--quiet",
            "--out", str(out),
        ],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    config = json.loads((out / "config.json").read_text())
    assert config["recipe"]["cell"] == "gru" and config["recipe"]["bidirectional"] is True
    assert config["recipe"]["dataset"] == "table"
    assert config["dataset"]["options"]["text_column"] == "text"
    assert config["labels"] == ["politics", "sports", "tech"]

    bundle = load_model_dir(out)
    assert bundle.label_names == ("politics", "sports", "tech")
    reopened = corpus_for(bundle)  # before this process opens the table itself
    dataset = table(path)
    assert open_dataset(bundle.dataset_record).identity == dataset.identity
    assert reopened.dataset.identity == dataset.identity
    recipe = config["recipe"]
    again = load_corpus(dataset, vocab_size=recipe["vocab_size"], maxlen=recipe["maxlen"])
    assert np.array_equal(reopened.x_test, again.x_test) and len(again.x_test)


def test_the_cli_names_the_columns_of_a_typoed_column(tmp_path, capsys):
    from rnn_viz.cli import main

    path = write_csv(tmp_path / "news.csv", rows(3))
    status = main(
        ["train", "x", "--data", str(path), "--text-column", "txet", "--label-column", "label",
         "--out", str(tmp_path / "m")]
    )  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1
    assert err[0] == "error: news.csv has no column 'txet'; its columns are 'text', 'label'."


def test_the_train_page_trains_on_a_csv_typed_as_a_server_path(app_env, tmp_path):
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")
    path = write_csv(tmp_path / "news.csv", [{"id": i, **r} for i, r in enumerate(rows(6))])
    at = AppTest.from_file(app, default_timeout=120).run()
    at.switch_page("app_pages/2_Train.py").run()
    at.radio(key="train_source").set_value("own").run()
    at.text_input(key="train_data_path").set_value(str(path)).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="train_text_column").value == "text"
    assert at.selectbox(key="train_label_column").value == "label"
    classes = at.dataframe[0].value
    assert list(classes["class"]) == ["politics", "sports", "tech"]
    assert [a + b for a, b in zip(classes["train"], classes["test"], strict=True)] == [6, 6, 6]
    assert sum(classes["test"]) == 4  # 20% of 18, every class in both
    at.selectbox(key="train_label_column").set_value("id").run()
    assert any("has 1 example" in e.value.replace("\\", "") for e in at.error)
    at.selectbox(key="train_label_column").set_value("label").run()
    at.checkbox(key="train_bidirectional").check().run()
    at.text_input(key="train_name").set_value("news_bi").run()
    at.number_input(key="max_epochs").set_value(1).run()
    at.checkbox(key="train_xla").uncheck().run()
    at.button(key="start").click().run()
    job = at.session_state["train_job"]
    assert job.recipe.bidirectional and job.recipe.dataset == "table"
    job.join(240)
    assert job.state == "done", job.error
    at.switch_page("app_pages/1_Gate_explorer.py").run()
    assert "news_bi (user)" in at.selectbox(key="model_label").options


def test_a_model_trained_on_an_uploaded_csv_keeps_its_dataset_after_the_session_ends(app_env):
    from streamlit.testing.v1 import AppTest

    from rnn_viz.app.navigation import UNITS_MODEL
    from rnn_viz.core.models import load_model_dir, sweep_stale, user_models_dir

    # two classes: the pages checked here need no K-class view
    data = write_csv(app_env / "news.csv", rows(8, ("sports", "politics"))).read_bytes()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/2_Train.py").run()
    at.radio(key="train_source").set_value("own").run()
    at.file_uploader(key="train_data_file").set_value(("my news.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    at.text_input(key="train_name").set_value("news_up").run()
    at.number_input(key="max_epochs").set_value(1).run()
    at.checkbox(key="train_xla").uncheck().run()
    at.button(key="start").click().run()
    job = at.session_state["train_job"]
    job.join(240)
    assert job.state == "done", job.error
    kept = Path(load_model_dir(user_models_dir() / "news_up").dataset_record["location"])
    assert kept.parent.parent == user_models_dir() / uploads.TRAINED_DATASETS
    assert kept.read_bytes() == data and kept.name == "my_news.csv"
    assert not list(kept.parent.glob(".*"))  # written whole, no work file left
    # the session ends: its upload folder is swept; a fresh process reopens the dataset
    assert uploads.sweep_uploads(max_age_s=-1)
    assert not any(uploads.upload_root().iterdir())
    record = load_model_dir(user_models_dir() / "news_up").dataset_record
    assert open_dataset(record).location == str(kept)
    # the kept dataset is no model, and the stale-folder sweep leaves it
    assert sweep_stale(user_models_dir(), max_age_s=-1) == []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/5_Units.py").run()
    assert not at.exception, at.exception
    labels = at.selectbox(key=UNITS_MODEL).options
    assert "news_up (user)" in labels and not any(".datasets" in label for label in labels)
    at.selectbox(key=UNITS_MODEL).set_value("news_up (user)").run()
    assert not at.exception, at.exception
    warned = " ".join(w.value for w in [*at.warning, *at.info])
    assert "not on this machine" not in warned, warned
    # were it gone after all, the page says so by its own name, not IMDB's, in Korean too
    import streamlit as st

    from rnn_viz.app.language import LANG
    from rnn_viz.i18n import use_language

    kept.unlink()
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[LANG] = "ko"
    with use_language("ko"):  # the widgets' labels, as the test reads them back
        at.run()
        at.switch_page("app_pages/5_Units.py").run()
        picker = at.selectbox(key=UNITS_MODEL)
        picker.set_value(next(o for o in picker.options if o.startswith("news_up "))).run()
    assert not at.exception, at.exception
    warned = " ".join(w.value for w in [*at.warning, *at.info]).replace("\\", "")  # escapes
    assert "이 컴퓨터에 my_news.csv 데이터셋이 없습니다." in warned and "IMDB" not in warned
