"""Widgets the pages share: figures kept per session, downloads and translated tables."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from rnn_viz.app import navigation
from rnn_viz.core.capture import Trace
from rnn_viz.datasets import label_text
from rnn_viz.i18n import CATALOGUES, DEFAULT, current_language, t
from rnn_viz.viz import plots

#: ``st.plotly_chart``'s ``config`` beside a figure's title: Plotly's toolbar keeps only its
#: PNG download (one button in the top-right corner, clear of the title; the stepper's
#: figures do the same, ``stepper.js``).
CHART_CONFIG: dict[str, Any] = {"displaylogo": False, "modeBarButtons": [["toImage"]]}

R = TypeVar("R")


#: How many figures and stepper payloads one session keeps (the least recently used goes).
FIGURES_KEPT = 16


def cached_figure(key: tuple[Hashable, ...], build: Callable[[], R]) -> R:
    """A figure (or a stepper payload) kept in this session only, built once per ``key``
    and language: figures hold translated titles, so another language builds anew.

    The least recently used one is dropped past ``FIGURES_KEPT``, so going back to a model
    opened a moment ago reuses its figures instead of rebuilding them.

    Args:
        key: what the figure depends on (model, stamp, text digest, options).
        build: builds it, in the current language.

    Returns:
        The figure.
    """
    store = st.session_state.setdefault(navigation.FIGURES, {})
    key = (*key, current_language())
    if key in store:
        store[key] = store.pop(key)  # most recently used last
    else:
        while len(store) >= FIGURES_KEPT:
            store.pop(next(iter(store)))
        store[key] = build()
    return store[key]


def figure_downloads(fig: Any, name: str, key: str) -> None:
    """An HTML download of a figure, built only when clicked (PNG: the chart's camera icon).

    Args:
        fig: a Plotly figure.
        name: the file name without ``.html``.
        key: the prefix of the button's key.
    """
    st.download_button(
        t("ui.figure_html"),
        lambda: plots.figure_html(fig),
        f"{name}.html",
        "text/html",
        key=f"{key}_html",
        on_click="ignore",
        help=t("ui.figure_png_help"),
    )


def trace_downloads(trace: Trace, name: str, key: str) -> None:
    """``.npz`` and CSV downloads of a trace, built only when clicked.

    Args:
        trace: the trace.
        name: the file names without extension.
        key: the prefix of the buttons' keys.
    """
    c1, c2 = st.columns(2)
    c1.download_button(
        t("ui.trace_npz"),
        trace.to_npz_bytes,
        f"{name}.npz",
        "application/octet-stream",
        key=f"{key}_npz",
        on_click="ignore",
    )
    c2.download_button(
        t("ui.trace_csv"),
        trace.to_csv,
        f"{name}.csv",
        "text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


def column_label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The header a table shows for the column ``name``.

    Args:
        name: the column's stable key (``"test_accuracy"``), or text already shown as is.
        labels: headers the caller gives (e.g. an analysis table's own, translated).

    Returns:
        ``labels[name]``; else the catalogue's ``pkg.col.<name>`` in the current
        language when the catalogue has it; else ``name`` unchanged (model names,
        ``"p(positive)"``, headers built translated).
    """
    if labels and name in labels:
        return labels[name]
    key = f"pkg.col.{name}"
    return t(key) if key in CATALOGUES[DEFAULT] else name


def _frame(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    labels: Mapping[str, str] | None,
    formats: Mapping[str, str] | None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``rows`` with translated headers, and the number formats by translated header."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    frame = frame.rename(columns=lambda c: column_label(str(c), labels))
    config = {
        column_label(name, labels): st.column_config.NumberColumn(format=fmt)
        for name, fmt in (formats or {}).items()
    }
    return frame, config


def data_table(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    index: bool = False,
) -> None:
    """Show a table with its headers in the current language (``column_label``).

    Args:
        rows: a frame, or one dict per row with stable keys.
        labels: headers the caller gives, by key.
        formats: printf formats by key (``{"auc": "%.3f"}``).
        index: show the frame's index (e.g. ``"A: lstm"``).
    """
    frame, config = _frame(rows, labels, formats)
    st.dataframe(frame, hide_index=not index, width="stretch", column_config=config)


def pick_row(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    key: str,
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
) -> int:
    """A table whose row the user picks by clicking it (``data_table``'s headers).

    Args:
        rows: a frame, or one dict per row with stable keys.
        key: the table's session key.
        labels: headers the caller gives, by key.
        formats: printf formats by key.

    Returns:
        The picked row's position; 0 while none is picked.
    """
    frame, config = _frame(rows, labels, formats)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config=config,
    )
    picked = event.selection.rows if event is not None else []
    return int(picked[0]) if picked else 0


def class_picker(
    classes: Sequence[str], predicted: int | None, key: str, container: Any = None
) -> int | None:
    """The class an analysis is read toward, for a model of more than two classes: a
    select box of the label names (``label_text``), the predicted class first chosen.

    A binary model gets no picker (its analyses read p(positive), as always).

    Args:
        classes: the model's label names (``ModelBundle.label_names``).
        predicted: the label id the model predicts for the review (the default); None:
            the first class.
        key: the select box's session key; a new predicted class starts a new box, so
            each review starts on its own prediction.
        container: where the box goes (a column); default the page.

    Returns:
        The chosen label id; None for a binary model.
    """
    if len(classes) <= 2:
        return None
    default = predicted if predicted is not None and 0 <= predicted < len(classes) else 0
    return int(
        (container or st).selectbox(
            t("ui.class"),
            range(len(classes)),
            index=default,
            key=f"{key}_{default}",
            format_func=lambda k: (
                label_text(classes[k]) + (f" · {t('ui.predicted')}" if k == predicted else "")
            ),
            help=t("ui.class_help"),
        )
    )
