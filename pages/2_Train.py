"""Train: a preset or your own recipe, live curves, stop early; the model is saved for the
other pages."""

import dataclasses

import streamlit as st

from rnn_viz import plots, registry, train_job, ui
from rnn_viz.cell_kinds import CELL_KINDS
from rnn_viz.data import OFFICIAL_URL, DatasetError, find_dataset
from rnn_viz.i18n.page import language_switch
from rnn_viz.models import PRESETS, user_models_dir

language_switch()
st.set_page_config(page_title="Train · rnn-viz", page_icon="🔬", layout="wide")
st.title("Train a model")

try:
    source = find_dataset(download=False)
except DatasetError as err:
    st.warning("The IMDB dataset is not on this machine, so models cannot be trained here.")
    st.markdown(
        "Get it in one of these ways:\n"
        f"1. download `aclImdb_v1.tar.gz` (80 MB) from <{OFFICIAL_URL}> and start the app with "
        "`RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz streamlit run app.py`;\n"
        "2. or let the app download it into the Keras cache (`~/.keras/datasets`) with the "
        "button below."
    )
    with st.expander("Where the app looked"):
        st.code(str(err), language=None)
    if st.button("Download the dataset (80 MB)", type="primary"):
        with st.spinner("Downloading from Stanford…"):
            try:
                find_dataset(download=True)
            except DatasetError as failed:
                ui.show_error(f"The download failed: {failed}")
            else:
                ui.load_test_corpus.clear()
                st.rerun()
    st.stop()

job: train_job.TrainJob | None = st.session_state.get("train_job")
busy = job is not None and job.running

with st.container(border=True):
    c1, c2 = st.columns(2)
    preset = c1.selectbox(
        "Preset (the reference notebook's)", [*PRESETS, "custom"], key="preset", disabled=busy
    )
    base = PRESETS.get(preset, PRESETS["lstm"])
    name = c2.text_input(
        "Model name",
        value=f"my_{preset}",
        key="train_name",
        disabled=busy,
        help=f"Saved as a new folder in {user_models_dir()} "
        "(RNN_VIZ_MODELS); shipped models are never overwritten.",
    )
    custom = preset == "custom"
    c1, c2, c3 = st.columns(3)
    cell = c1.selectbox(
        "Cell",
        list(CELL_KINDS),
        index=list(CELL_KINDS).index(base.cell),
        format_func=lambda key: CELL_KINDS[key].title,
        disabled=busy or not custom,
    )
    units = c2.number_input("Units per layer", 1, 256, base.units, disabled=busy or not custom)
    layers = c3.number_input("Layers", 1, 4, base.layers, disabled=busy or not custom)
    c1, c2, c3 = st.columns(3)
    dropout = c1.number_input("Dropout", 0.0, 0.9, base.dropout, 0.05, disabled=busy or not custom)
    lr = c2.number_input(
        "Learning rate (RMSprop)", 1e-5, 1e-1, base.lr, format="%.5f", disabled=busy or not custom
    )
    epochs = c3.number_input(
        "Max epochs (early stopping, patience 3)",
        1,
        200,
        base.epochs,
        disabled=busy,
        key="max_epochs",
    )
    keep = st.checkbox(
        "Keep every epoch's weights",
        value=True,
        key="keep_epochs",
        disabled=busy,
        help="About 0.7 MB an epoch; the Saturation page replays them under “Across training”.",
    )
    submitted = st.button("Start training", type="primary", disabled=busy, key="start")

if submitted and not busy:
    problem = registry.check_new_model_name(name)
    if problem:
        ui.show_error(problem)
    else:
        recipe = dataclasses.replace(
            base,
            epochs=int(epochs),
            **(
                {}
                if not custom
                else dict(
                    cell=cell,
                    units=int(units),
                    layers=int(layers),
                    dropout=float(dropout),
                    lr=float(lr),
                )
            ),
        )
        if ui.load_test_corpus() is None:
            st.error("The dataset could not be read.")
        else:
            job = train_job.TrainJob(
                name, recipe, ui.load_test_corpus(), user_models_dir() / name, keep_epochs=keep
            ).start()
            st.session_state["train_job"] = job
            st.rerun()

corpus = ui.load_test_corpus()
if corpus is not None:
    st.caption(
        f"Dataset: {source}. 75% of its {len(corpus.y_train):,} training reviews train, "
        f"25% validate; the test metrics come from its {corpus.n_test:,} test reviews "
        "at the end."
    )


@st.fragment(run_every=1.0 if busy else None)
def progress():
    """The job's live view: a progress bar, the curves, and the stop button."""
    job: train_job.TrainJob | None = st.session_state.get("train_job")
    if job is None:
        st.info("No training started in this session yet.")
        return
    n = len(job.records)
    done, total = job.batches
    label = {
        "running": f"Training {job.name}: epoch {n + 1} of at most {job.recipe.epochs}"
        + (f", batch {done} of {total}" if total else "")
        + (" — stopping after this batch…" if job.stopping else ""),
        "done": f"{job.name} is trained and saved.",
        "stopped": f"{job.name} stopped early; the best epoch was saved.",
        "failed": f"{job.name} failed.",
    }[job.state]
    st.progress(job.progress, text=f"{label} ({job.elapsed:.0f} s)")
    if job.running:
        st.button("Stop training", on_click=job.stop, disabled=job.stopping, key="stop")
    elif job.error:
        ui.show_error(job.error)
    else:
        acc = job.bundle.metrics.get("test_acc") if job.bundle else None
        st.success(
            f"Saved to {job.out}"
            + (f" · test accuracy {acc:.3f}" if acc else "")
            + ". It is now in the model lists of the Gate explorer and Compare pages."
        )
    if job.records:
        c1, c2 = st.columns(2)
        for col, metric in ((c1, "loss"), (c2, "acc")):
            fig = plots.history_figure({job.name: job.records}, metric)
            col.plotly_chart(fig, key=metric)
            with col:
                ui.figure_downloads(fig, f"{job.name}_{metric}", f"dl_{metric}")
    if busy and not job.running:
        st.rerun()  # refresh the form once the job ends


progress()
