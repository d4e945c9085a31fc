"""Train: a preset or your own recipe, live curves, stop early; the model is saved for the
other pages."""

import dataclasses

import streamlit as st

from rnn_viz.app import caches, messages, registry, train_job, widgets
from rnn_viz.core.cell_kinds import CELL_KINDS
from rnn_viz.core.models import user_models_dir
from rnn_viz.core.recipes import PRESETS
from rnn_viz.core.tokenizers import TRAINABLE, check_available
from rnn_viz.datasets import OFFICIAL_URL, DatasetError, find_dataset
from rnn_viz.i18n import error_text, t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("tr.page_title"), page_icon="🔬", layout="wide")
st.title(t("tr.title"))

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

job: train_job.TrainJob | None = st.session_state.get("train_job")
busy = job is not None and job.running

with st.container(border=True):
    c1, c2 = st.columns(2)
    preset = c1.selectbox(
        t("tr.preset"),
        [*PRESETS, "custom"],
        key="preset",
        disabled=busy,
        format_func=lambda v: t("tr.custom") if v == "custom" else v,
    )
    base = PRESETS.get(preset, PRESETS["lstm"])
    name = c2.text_input(
        t("tr.name"),
        value=f"my_{preset}",
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
                    dropout=float(dropout),
                    lr=float(lr),
                    tokenizer=tokenizer,
                )
            ),
        )
        messages.settle(messages.Outcome.of(lambda: check_available(recipe.tokenizer)))
        if caches.load_test_corpus() is None:
            st.error(t("tr.unreadable"))
        else:
            job = train_job.TrainJob(
                name, recipe, caches.load_test_corpus(), user_models_dir() / name, keep_epochs=keep
            ).start()
            st.session_state["train_job"] = job
            st.rerun()

corpus = caches.load_test_corpus()
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
    n = len(job.records)
    done, total = job.batches
    label = {
        "running": t("tr.running", name=job.name, epoch=n + 1, epochs=job.recipe.epochs)
        + (t("tr.batch", done=done, total=total) if total else "")
        + (t("tr.stopping") if job.stopping else ""),
        "done": t("tr.done", name=job.name),
        "stopped": t("tr.stopped", name=job.name),
        "failed": t("tr.failed", name=job.name),
    }[job.state]
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
    if busy and not job.running:
        st.rerun()  # refresh the form once the job ends


progress()
