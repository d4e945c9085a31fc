"""Train: a preset or your own recipe, live curves, stop early; the model is saved for the
other pages."""

import dataclasses
import json
from pathlib import Path

import streamlit as st

from rnn_viz.app import caches, internals, messages, registry, train_job, widgets
from rnn_viz.core import uploads
from rnn_viz.core.cell_kinds import CELL_KINDS
from rnn_viz.core.models import user_models_dir
from rnn_viz.core.recipes import MERGE_MODES, PRESETS
from rnn_viz.core.tokenizers import TRAINABLE, check_available
from rnn_viz.datasets import OFFICIAL_URL, DatasetError, find_dataset, label_text, load_corpus
from rnn_viz.datasets.table import TableDataset
from rnn_viz.i18n import error_text, t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("tr.page_title"), page_icon="🔬", layout="wide")
st.title(t("tr.title"))

job: train_job.TrainJob | None = st.session_state.get("train_job")
busy = job is not None and job.busy  # waiting in the server's queue, or training
own = (
    st.radio(
        t("tr.source"),
        ["imdb", "own"],
        key="train_source",
        horizontal=True,
        disabled=busy,
        format_func=lambda key: t(f"tr.source.{key}"),
    )
    == "own"
)
dataset = None
if own:
    with st.container(border=True):
        c1, c2 = st.columns(2)
        upload = c1.file_uploader(
            t("tr.own.upload"),
            type=["csv", "tsv", "jsonl", "zip"],
            key="train_data_file",
            disabled=busy,
            max_upload_size=uploads.LIMITS.upload_bytes >> 20,
            help=t("tr.own.upload_help", mb=uploads.LIMITS.upload_bytes >> 20),
        )
        typed = c2.text_input(
            t("tr.own.path"), key="train_data_path", disabled=busy, help=t("tr.own.path_help")
        )
        if upload is not None:
            folder = uploads.session_folder(internals.session_id() or "local")
            data_path = messages.settle(
                messages.Outcome.of(
                    lambda: uploads.keep_dataset_upload(upload.name, upload.getvalue(), folder)
                )
            )
        elif typed.strip():
            data_path = Path(typed.strip()).expanduser()
        else:
            st.info(t("tr.own.none"))
            st.stop()
        stamp = data_path.stat().st_mtime if data_path.exists() else 0.0
        options: dict = {}
        if TableDataset.accepts(data_path):
            columns = messages.settle(caches.table_columns(str(data_path), stamp))
            c1, c2 = st.columns(2)
            guess = [next((c for c in columns if c.lower() == n), None) for n in ("text", "label")]
            options["text_column"] = c1.selectbox(
                t("tr.own.text_column"),
                columns,
                index=columns.index(guess[0]) if guess[0] else 0,
                key="train_text_column",
                disabled=busy,
            )
            options["label_column"] = c2.selectbox(
                t("tr.own.label_column"),
                columns,
                index=columns.index(guess[1]) if guess[1] else min(1, len(columns) - 1),
                key="train_label_column",
                disabled=busy,
            )
        dataset = messages.settle(
            caches.user_dataset(str(data_path), json.dumps(options, sort_keys=True), stamp)
        )
        counts = dataset.class_counts()
        st.dataframe(
            {
                t("tr.own.label"): [label_text(n) for n in dataset.label_names],
                t("tr.own.train"): list(counts["train"].values()),
                t("tr.own.test"): list(counts["test"].values()),
            },
            hide_index=True,
            key="train_classes",
        )
else:
    try:
        source = find_dataset(download=False)
    except DatasetError as err:
        st.warning(t("tr.no_dataset"))
        st.markdown(t("tr.get_it", url=OFFICIAL_URL))
        with st.expander(t("tr.where")):
            st.code(str(err), language=None)
        if st.button(t("tr.download"), type="primary"):
            with st.spinner(t("tr.downloading")):
                try:
                    find_dataset(download=True)
                except DatasetError as failed:
                    messages.show_error(t("tr.download_failed", why=error_text(failed)))
                else:
                    caches.load_test_corpus.clear()
                    st.rerun()
        st.stop()

with st.container(border=True):
    c1, c2 = st.columns(2)
    preset = (
        "custom"
        if own
        else c1.selectbox(
            t("tr.preset"),
            [*PRESETS, "custom"],
            key="preset",
            disabled=busy,
            format_func=lambda v: t("tr.custom") if v == "custom" else v,
        )
    )
    base = PRESETS.get(preset, PRESETS["lstm"])
    name = c2.text_input(
        t("tr.name"),
        value=f"my_{uploads.safe_name(dataset.name) if dataset else preset}",
        key="train_name",
        disabled=busy,
        help=t("tr.name_help", folder=user_models_dir()),
    )
    custom = preset == "custom"
    c1, c2, c3 = st.columns(3)
    cell = c1.selectbox(
        t("tr.cell"),
        list(CELL_KINDS),
        index=list(CELL_KINDS).index(base.cell),
        format_func=lambda key: CELL_KINDS[key].title,
        disabled=busy or not custom,
    )
    units = c2.number_input(t("tr.units"), 1, 256, base.units, disabled=busy or not custom)
    layers = c3.number_input(t("tr.layers"), 1, 4, base.layers, disabled=busy or not custom)
    tokenizer = st.selectbox(
        t("tr.tokenizer"),
        TRAINABLE,
        index=TRAINABLE.index(base.tokenizer),
        format_func=lambda key: t(f"tr.tokenizer.{key}"),
        key="train_tokenizer",
        disabled=busy or not custom,
        help=t("tr.tokenizer_help"),
    )
    c1, c2, c3 = st.columns(3)
    c1, c2 = st.columns(2)
    bidirectional = c1.checkbox(
        t("tr.bidirectional"),
        value=base.bidirectional,
        key="train_bidirectional",
        disabled=busy or not custom,
        help=t("tr.bidirectional_help"),
    )
    merge_mode = c2.selectbox(
        t("tr.merge_mode"),
        MERGE_MODES,
        index=MERGE_MODES.index(base.merge_mode),
        key="train_merge_mode",
        disabled=busy or not custom or not bidirectional,
        help=t("tr.merge_mode_help"),
    )
    c1, c2, c3 = st.columns(3)
    dropout = c1.number_input(
        t("tr.dropout"), 0.0, 0.9, base.dropout, 0.05, disabled=busy or not custom
    )
    lr = c2.number_input(
        t("tr.lr"), 1e-5, 1e-1, base.lr, format="%.5f", disabled=busy or not custom
    )
    epochs = c3.number_input(
        t("tr.epochs"),
        1,
        200,
        base.epochs,
        disabled=busy,
        key="max_epochs",
    )
    keep = st.checkbox(
        t("tr.keep"),
        value=True,
        key="keep_epochs",
        disabled=busy,
        help=t("tr.keep_help"),
    )
    with st.expander(t("tr.advanced")):
        xla = st.checkbox(
            t("tr.xla"), value=True, key="train_xla", disabled=busy, help=t("tr.xla_help")
        )
    submitted = st.button(t("tr.start"), type="primary", disabled=busy, key="start")

if submitted and not busy:
    problem = registry.check_new_model_name(name)
    if problem:
        messages.show_error(problem)
    else:
        recipe = dataclasses.replace(
            base,
            epochs=int(epochs),
            jit_compile=bool(xla),
            **(
                {}
                if not custom
                else dict(
                    cell=cell,
                    units=int(units),
                    layers=int(layers),
                    bidirectional=bool(bidirectional),
                    merge_mode=merge_mode,
                    dropout=float(dropout),
                    lr=float(lr),
                    tokenizer=tokenizer,
                )
            ),
            **({} if dataset is None else {"dataset": dataset.kind}),
        )
        messages.settle(messages.Outcome.of(lambda: check_available(recipe.tokenizer)))
        if own and upload is not None:  # kept with the models: the session's folder is swept
            kept = messages.settle(
                messages.Outcome.of(
                    lambda: uploads.keep_trained_dataset(
                        upload.name, upload.getvalue(), user_models_dir()
                    )
                )
            )
            dataset = messages.settle(
                caches.user_dataset(
                    str(kept), json.dumps(options, sort_keys=True), kept.stat().st_mtime
                )
            )
        corpus = (
            caches.load_test_corpus()
            if dataset is None
            else messages.settle(
                messages.Outcome.of(
                    lambda: load_corpus(
                        dataset, recipe.vocab_size, recipe.maxlen, tokenizer=recipe.tokenizer
                    )
                )
            )
        )
        if corpus is None:
            st.error(t("tr.unreadable"))
        else:
            job = train_job.TrainJob(
                name, recipe, corpus, user_models_dir() / name, keep_epochs=keep
            ).start()
            st.session_state["train_job"] = job
            st.rerun()

corpus = None if own else caches.load_test_corpus()
if corpus is not None:
    st.caption(
        t("tr.dataset_caption", source=source, n_train=len(corpus.y_train), n_test=corpus.n_test)
    )


@st.fragment(run_every=1.0 if busy else None)
def progress():
    """The job's live view: a progress bar, the curves, and the stop button."""
    job: train_job.TrainJob | None = st.session_state.get("train_job")
    if job is None:
        st.info(t("tr.none_yet"))
        return
    if busy and not job.busy:
        st.rerun()  # refresh the form once the job ends (or is cancelled)
    n = len(job.records)
    done, total = job.batches
    label = {
        "waiting": t("tr.waiting", name=job.name, position=job.position),
        "cancelled": t("tr.cancelled", name=job.name),
        "running": t("tr.running", name=job.name, epoch=n + 1, epochs=job.recipe.epochs)
        + (t("tr.batch", done=done, total=total) if total else "")
        + (t("tr.stopping") if job.stopping else ""),
        "done": t("tr.done", name=job.name),
        "stopped": t("tr.stopped", name=job.name),
        "failed": t("tr.failed", name=job.name),
    }[job.state]
    if job.waiting:
        st.progress(0.0, text=label)
        st.button(t("tr.cancel"), on_click=job.stop, key="cancel")
        return
    if job.state == "cancelled":
        st.info(label)
        return
    st.progress(job.progress, text=f"{label} ({job.elapsed:.0f} s)")
    if job.running:
        st.button(t("tr.stop"), on_click=job.stop, disabled=job.stopping, key="stop")
    elif job.error is not None:
        messages.show_error(job.why())
    else:
        acc = job.bundle.metrics.get("test_acc") if job.bundle else None
        st.success(
            t("tr.saved", out=job.out)
            + (t("tr.saved_acc", acc=acc) if acc else "")
            + t("tr.saved_end")
        )
    if job.records:
        c1, c2 = st.columns(2)
        for col, metric in ((c1, "loss"), (c2, "acc")):
            fig = plots.history_figure({job.name: job.records}, metric)
            col.plotly_chart(fig, key=metric)
            with col:
                widgets.figure_downloads(fig, f"{job.name}_{metric}", f"dl_{metric}")


progress()
