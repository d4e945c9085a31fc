"""The model picker and the upload box: every model this session can open.

Everything a user uploads lives in this browser session's own folder and
``st.session_state``, so it never reaches another session.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from rnn_viz.app import internals, navigation, registry
from rnn_viz.app.caches import load_bundle
from rnn_viz.app.messages import plain, show_error, shown_label
from rnn_viz.core import files, uploads
from rnn_viz.core.capture import Note
from rnn_viz.core.cell_kinds import TITLES
from rnn_viz.core.errors import RnnVizError
from rnn_viz.i18n import DEFAULT, current_language, error_text, join_or, t

_SWEEP_EVERY_S = 60.0


_last_sweep = [float("-inf")]


def _sweep_uploads(now: bool = False) -> None:
    """At most once a minute (or ``now``): remove the upload folders of sessions that
    ended (and any untouched for a day, e.g. from before a restart)."""
    if now or time.monotonic() - _last_sweep[0] >= _SWEEP_EVERY_S:
        _last_sweep[0] = time.monotonic()
        uploads.sweep_uploads(ended=internals.session_ended)


def _upload_folder() -> Path:
    """This browser session's upload folder (``uploads.session_folder``)."""
    return uploads.session_folder(internals.session_id() or "local")


def _uploaded() -> dict[str, tuple[Path, Note | None]]:
    return st.session_state.setdefault(navigation.UPLOADED_MODELS, {})


def models() -> dict[str, registry.ModelEntry]:
    """Every model this session can use: shipped, the user's, and its own uploads.

    Returns:
        ``{label: ModelEntry}`` (``registry.available_models``).
    """
    _sweep_uploads()
    if _uploaded():
        _upload_folder()  # touched: kept by the sweep while this session lives
    return registry.available_models(_uploaded())


def _import_upload(picker_key: str) -> None:
    """The uploader's ``on_change``: import the file, and select it in the picker.

    Runs before the page script, so it may set the picker's key (setting it later,
    once the picker exists, is what Streamlit forbids)."""
    file = st.session_state.get(navigation.UPLOAD_FILE)
    if file is None:
        st.session_state.pop(navigation.UPLOAD_MESSAGE, None)
        return
    shown = uploads.shown_name(file.name)
    _sweep_uploads(now=True)
    try:
        folder, note = uploads.import_upload(file.name, file.getvalue(), _upload_folder())
        load_bundle(str(folder), files.model_stamp(folder))
    except RnnVizError as err:
        st.session_state[navigation.UPLOAD_MESSAGE] = err  # put in words when shown
        return
    name = upload_name(shown, {n for n, (f, _) in _uploaded().items() if f != folder})
    _uploaded()[name] = (folder, note)
    st.session_state[picker_key] = f"{name} (uploaded)"
    st.session_state[navigation.UPLOAD_MESSAGE] = (shown, name, note)  # worded when shown


def upload_name(shown: str, taken: set[str]) -> str:
    """The name an uploaded model goes by: its file's name as the user sees it, e.g.
    ``"their gru.keras"``, made unique among this session's uploads (``"model (2).keras"``).

    Args:
        shown: the file's name (``uploads.shown_name``: its last part, printable).
        taken: the names this session's other uploads go by.

    Returns:
        ``shown``, or ``"<stem> (k).<suffix>"`` with the smallest free ``k`` from 2.
    """
    if shown not in taken:
        return shown
    path = Path(shown)
    stem, suffix = (path.stem, path.suffix) if path.suffix else (shown, "")
    return next(
        name for k in range(2, len(taken) + 3) if (name := f"{stem} ({k}){suffix}") not in taken
    )


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dropzone_css(key: str) -> str:
    """CSS that words the dropzone of the uploader ``key`` in the current language.

    Streamlit 1.67's ``st.file_uploader`` takes a label and help but writes its
    dropzone (the "Upload" button, "100MB per file • KERAS, ZIP", and "Drag and drop a
    file here" while dragging) in English, with no parameter to change it. In another
    language these are hidden (``font-size: 0``) and the catalogue's text is shown in
    their place (``::after``), only inside this uploader (``.st-key-<key>``).

    Args:
        key: the uploader's widget key.

    Returns:
        A ``<style>`` element; "" in English (Streamlit's own text is English).
    """
    if current_language() == DEFAULT:
        return ""
    # The parts of Streamlit's dropzone that its API cannot word (its own English
    # text): the upload button, the size and type line, the sentence while dragging.
    scope = f".st-key-{key} {internals.DROPZONE}"
    limit = t("pkg.upload.limit", mb=uploads.LIMITS.upload_bytes >> 20, types="KERAS, ZIP")
    rules = [
        (f"{scope} button", t("pkg.upload.button")),
        (f"{scope} {internals.DROPZONE_INSTRUCTIONS} span", limit),
        (f"{scope} > div:not([data-testid])", t("pkg.upload.drop")),
    ]
    css = "".join(
        f"{where} {{font-size: 0 !important;}} "
        f"{where} *:not({internals.ICON}) {{font-size: 0 !important;}} "
        f"{where}::after {{content: {_css_text(text)}; font-size: 0.875rem;}} "
        for where, text in rules
    )
    # the size line is one nowrap line, cut at the English text's width: let ours wrap
    css += f"{rules[1][0]} {{white-space: normal !important;}} "
    return f"<style>{css}</style>"


def upload_box(picker_key: str = navigation.MODEL) -> None:
    """A file uploader for a ``.keras`` file or a zipped model folder (safe mode);
    a model it loads is selected in the picker whose key is ``picker_key``.

    Args:
        picker_key: the session key of the page's ``model_picker``.
    """
    limits = uploads.LIMITS
    message = st.session_state.get(navigation.UPLOAD_MESSAGE)
    # keyed, so that a rerun (the new model selected) keeps it; open while it has news
    with st.expander(t("pkg.upload.expander"), expanded=message is not None, key="upload_box"):
        css = dropzone_css(navigation.UPLOAD_FILE)
        if css:
            st.html(css)
        st.file_uploader(
            t("pkg.upload.label"),
            type=["keras", "zip"],
            key=navigation.UPLOAD_FILE,
            on_change=_import_upload,
            args=(picker_key,),
            max_upload_size=limits.upload_bytes >> 20,
            help=t(
                "pkg.upload.help",
                layers=join_or(TITLES),
                mb=limits.upload_bytes >> 20,
                total=limits.total_bytes >> 20,
            ),
        )
        if isinstance(message, RnnVizError):
            show_error(t("pkg.upload.refused", why=error_text(message)))
        elif message is not None:
            shown, name, note = message
            loaded = t("pkg.upload.loaded", shown=shown, name=name, note=note or "")
            st.success(plain(loaded.strip()))


def model_picker(
    label: str | None = None, key: str = navigation.MODEL, prefer: str | None = None
) -> registry.ModelEntry | None:
    """A select box over ``models()``, and the chosen model loaded and validated.

    Under the box: a sentence for each thing the model cannot show (its
    ``capabilities``). A broken model, or one that fails to load, is shown with
    the reason instead.

    Args:
        label: the box's label; None: "Model" in the current language.
        key: its session key.
        prefer: pick by default the first model whose name contains this.

    Returns:
        The chosen entry, or None (after a message) when there is no model, or the
        chosen one cannot be opened.
    """
    entries = models()
    if not entries:
        st.info(t("ui.no_models"))
        return None
    labels = list(entries)
    if st.session_state.get(key) not in labels:
        usable = [lab for lab in labels if not entries[lab].broken] or labels
        wanted = [lab for lab in usable if prefer and prefer in entries[lab].name]
        st.session_state[key] = (wanted or usable)[0]
    entry = entries[
        st.selectbox(
            t("pkg.model") if label is None else label,
            labels,
            key=key,
            format_func=lambda lab: (
                t("ui.broken", label=shown_label(entries[lab]))
                if entries[lab].broken
                else shown_label(entries[lab])
            ),
        )
    ]
    if entry.broken:
        show_error(t("ui.cannot_open", label=plain(shown_label(entry)), why=plain(entry.why)))
        return None
    try:
        bundle = load_bundle(str(entry.path), entry.stamp)
    except RnnVizError as err:
        show_error(t("ui.cannot_open", label=plain(shown_label(entry)), why=plain(error_text(err))))
        return None
    if entry.note is not None:
        st.caption(plain(str(entry.note)))
    for note in bundle.capabilities.notes():
        st.caption(plain(note))
    return entry
