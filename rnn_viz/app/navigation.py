"""Going from one page to another: the ``st.session_state`` keys pages share, and the
helpers that set them and switch page.

A page opens another by setting that page's widget keys (its pickers read them on
the next run) and calling ``st.switch_page``. Every key one page sets for another is
named here, and only these helpers set them, so a page's keys can be renamed in one
place. The ``*_request`` functions say what a move sets (``{key: value}``, None to
clear a key) without Streamlit, so tests apply them to ``AppTest.session_state``
exactly as the pages do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import streamlit as st

from rnn_viz.analysis import testset
from rnn_viz.app.caches import analysis_corpus
from rnn_viz.app.registry import ModelEntry
from rnn_viz.datasets import Corpus, DatasetError, load_corpus

HOME_PAGE = "app_pages/0_Home.py"
EXPLORER_PAGE = "app_pages/1_Gate_explorer.py"
TRAIN_PAGE = "app_pages/2_Train.py"
COMPARE_PAGE = "app_pages/3_Compare.py"
SATURATION_PAGE = "app_pages/4_Saturation.py"
UNITS_PAGE = "app_pages/5_Units.py"
WHAT_IF_PAGE = "app_pages/6_What_if.py"
MEMORY_PAGE = "app_pages/7_Memory.py"
DIAGNOSTICS_PAGE = "app_pages/8_Diagnostics.py"
GLOSSARY_PAGE = "app_pages/9_Glossary.py"


@dataclass(frozen=True)
class Page:
    """One page of the app, as ``app.py`` lists it in the sidebar.

    Attributes:
        path: the page's file, relative to ``app.py``.
        nav: the catalogue key of its name in the sidebar.
        icon: its sidebar icon.
        title: the catalogue key of its heading (the page's ``st.title``).
        default: whether it is the app's root page (``/``).
    """

    path: str
    nav: str
    icon: str
    title: str
    default: bool = False

    @property
    def url_path(self) -> str:
        """The page's URL path as Streamlit names it: ``""`` for the root page, else the
        file's name without its leading number (``"Gate_explorer"``)."""
        return "" if self.default else re.sub(r"^\d*[_ -]*", "", Path(self.path).stem)


#: The pages in sidebar order; the first is the root.
PAGES: tuple[Page, ...] = (
    Page(HOME_PAGE, "nav.home", ":material/home:", "home.title", default=True),
    Page(EXPLORER_PAGE, "nav.explorer", ":material/biotech:", "ex.title"),
    Page(TRAIN_PAGE, "nav.train", ":material/model_training:", "tr.title"),
    Page(COMPARE_PAGE, "nav.compare", ":material/compare:", "cmp.title"),
    Page(SATURATION_PAGE, "nav.saturation", ":material/show_chart:", "sat.title"),
    Page(UNITS_PAGE, "nav.units", ":material/grid_on:", "un.title"),
    Page(WHAT_IF_PAGE, "nav.what_if", ":material/edit_note:", "wi.title"),
    Page(MEMORY_PAGE, "nav.memory", ":material/memory:", "mem.title"),
    Page(DIAGNOSTICS_PAGE, "nav.diagnostics", ":material/troubleshoot:", "dg.title"),
    Page(GLOSSARY_PAGE, "nav.glossary", ":material/translate:", "glossary.title"),
)

#: The review sources of ``review_picker.review_picker``, in the order of its radio buttons.
REVIEW_SOURCES = ("Example review", "Test-set review", "Your own text")

# The Gate explorer's pickers (``model_picker.model_picker`` and
# ``review_picker.review_picker``, no prefix).
MODEL = "model_label"
SOURCE = "source"
EXAMPLE = "example"
LABEL = "label"
OUTCOME = "outcome"
PREDICTED = "predicted"
LENGTH = "length"
MATCH = "match"
#: The step the Gate explorer opens at once (read and cleared by ``take_goto_step``).
GOTO_STEP = "goto_step"

# The Units page's unit search.
UNITS_MODEL = "units_model"
UNIT_LAYER = "us_layer"

# Kept per browser session by the app's modules, shared by every page.
#: ``{name: (folder, note)}`` of this session's uploaded models (``model_picker.models``;
#: the note is a ``capture.Note``, worded when shown, or None).
UPLOADED_MODELS = "uploaded_models"
#: The upload box's file uploader, and the sentence it left for the next run.
UPLOAD_FILE, UPLOAD_MESSAGE = "upload_file", "upload_message"
#: The session's figures and stepper payloads (``widgets.cached_figure``).
FIGURES = "figures"

Request = dict[str, Any]


class SessionState(Protocol):
    """What ``apply`` needs of a session state (``st.session_state``, ``AppTest``'s)."""

    def __setitem__(self, key: str, value: Any) -> None: ...

    def __delitem__(self, key: str) -> None: ...

    def __contains__(self, key: object) -> bool: ...


def unit_gate_key(layer: int) -> str:
    """The key of the Units page's gate picker of one layer.

    Args:
        layer: the recurrent layer, 0-based.

    Returns:
        ``"us_gate_<layer>"``.
    """
    return f"us_gate_{int(layer)}"


def unit_unit_key(layer: int) -> str:
    """The key of the Units page's unit picker of one layer.

    Args:
        layer: the recurrent layer, 0-based.

    Returns:
        ``"us_unit_<layer>"``.
    """
    return f"us_unit_{int(layer)}"


def apply(state: SessionState, request: Request) -> None:
    """Set the keys of ``request`` in ``state``; a None value removes the key.

    Args:
        state: ``st.session_state`` (or ``AppTest.session_state`` in tests).
        request: what a ``*_request`` function returned.
    """
    for key, value in request.items():
        if value is None:
            if key in state:
                del state[key]
        else:
            state[key] = value


# --------------------------------------------------------------------------- requests
def example_request(title: str) -> Request:
    """The Gate explorer showing one example review.

    Args:
        title: the example's English title (``examples.Example.title``).

    Returns:
        The request: the example source and that example.
    """
    return {SOURCE: REVIEW_SOURCES[0], EXAMPLE: title}


def explorer_request(
    model_label: str, review: int, step: int | None = None, corpus: Corpus | None = None
) -> Request:
    """The Gate explorer showing test review ``review`` with the model ``model_label``.

    Args:
        model_label: a ``ModelEntry.label``.
        review: a test review, the row of ``corpus.x_test``.
        step: the step to open at; None: the first real word.
        corpus: the model's corpus (its reviews are the ones the explorer lists); None:
            the default dataset's.

    Returns:
        The request: the review source, no label/outcome/length filter, the match
        number of ``review`` among the test reviews (when the dataset is readable),
        and the step.
    """
    request: Request = {
        MODEL: model_label,
        SOURCE: REVIEW_SOURCES[1],
        LABEL: "any",
        OUTCOME: "any",
        PREDICTED: "any",
        LENGTH: None,
    }
    if corpus is None:
        try:
            corpus = load_corpus(download=False)  # read once per process
        except DatasetError:
            corpus = None
    if corpus is not None:
        found = testset.filter_test_reviews(corpus, min_len=1)
        request[MATCH] = int(np.searchsorted(found, review)) + 1
    if step is not None:
        request[GOTO_STEP] = int(step)
    return request


def unit_search_request(model_label: str, layer: int, gate: str, unit: int) -> Request:
    """The Units page's unit search on one unit.

    Args:
        model_label: a ``ModelEntry.label``.
        layer: the recurrent layer, 0-based.
        gate: a gate or state of that layer (``"f"``, ``"h"``, ...).
        unit: the unit, 0-based.

    Returns:
        The request: the model, the layer, and that layer's gate and unit pickers.
    """
    return {
        UNITS_MODEL: model_label,
        UNIT_LAYER: int(layer),
        unit_gate_key(layer): gate,
        unit_unit_key(layer): int(unit),
    }


# --------------------------------------------------------------------------- moves
def open_example_in_explorer(title: str) -> None:
    """Switch to the Gate explorer showing one example review.

    Args:
        title: the example's English title.
    """
    apply(st.session_state, example_request(title))
    st.switch_page(EXPLORER_PAGE)


def open_in_explorer(entry: ModelEntry, review: int, step: int | None = None) -> None:
    """Switch to the Gate explorer showing a test review read by ``entry``'s model.

    Args:
        entry: the model.
        review: the test review, a row of ``corpus.x_test``.
        step: the step to open at; None: the first real word.
    """
    corpus, _ = analysis_corpus(str(entry.path), entry.stamp)
    apply(st.session_state, explorer_request(entry.label, review, step, corpus))
    st.switch_page(EXPLORER_PAGE)


def open_in_unit_search(entry: ModelEntry, layer: int, gate: str, unit: int) -> None:
    """Switch to the Units page's unit search on one unit of ``entry``'s model.

    Args:
        entry: the model.
        layer: the recurrent layer, 0-based.
        gate: a gate or state of that layer.
        unit: the unit, 0-based.
    """
    apply(st.session_state, unit_search_request(entry.label, layer, gate, unit))
    st.switch_page(UNITS_PAGE)


def take_goto_step() -> int | None:
    """The step another page asked the Gate explorer to open at, once (then cleared).

    Returns:
        The step, or None when no page asked.
    """
    return st.session_state.pop(GOTO_STEP, None)


# --------------------------------------------------------------------------- What-if, Compare
#: The What-if page's widget keys (its pickers use the prefix ``wi_``).
WHAT_IF_PREFIX = "wi_"
WHAT_IF_MODEL, WHAT_IF_TEXT = "wi_model", "wi_own_text"
WHAT_IF_MODE, WHAT_IF_OP, WHAT_IF_POSITION, WHAT_IF_WORD = "wi_mode", "wi_op", "wi_pos", "wi_word"
#: The Compare page's model pickers and its review picker's prefix.
COMPARE_A, COMPARE_B, COMPARE_PREFIX = "cmp_a", "cmp_b", "cmp_"


def what_if_request(
    model_label: str, text: str, op: str, position: int, word: str | None = None
) -> Request:
    """The What-if page on a typed text with a one-word edit.

    Args:
        model_label: a ``ModelEntry.label``.
        text: the review, shown as the user's own text.
        op: the edit (one of ``analysis.EDIT_OPS``).
        position: the word it edits, 0-based as ``analysis.edit_text`` counts.
        word: the new word (None or "" for a deletion).

    Returns:
        The request: the model, the typed text and the edit's pickers.
    """
    return {
        WHAT_IF_MODEL: model_label,
        f"{WHAT_IF_PREFIX}{SOURCE}": REVIEW_SOURCES[2],
        WHAT_IF_TEXT: text,
        WHAT_IF_MODE: "One word",
        WHAT_IF_OP: op,
        WHAT_IF_POSITION: int(position),
        WHAT_IF_WORD: word or "",
    }


def compare_request(
    label_a: str, label_b: str, review: int, corpus: Corpus | None = None
) -> Request:
    """The Compare page with two models on one test review.

    Args:
        label_a: model A's ``ModelEntry.label``.
        label_b: model B's.
        review: the test review, a row of ``corpus.x_test``.
        corpus: model A's corpus (``explorer_request``).

    Returns:
        The request: both model pickers and the Compare page's review picker.
    """
    base = explorer_request(label_a, review, corpus=corpus)
    request: Request = {COMPARE_A: label_a, COMPARE_B: label_b}
    request.update(
        {f"{COMPARE_PREFIX}{k}": v for k, v in base.items() if k not in (MODEL, GOTO_STEP)}
    )
    return request


def open_in_what_if(
    entry: ModelEntry, text: str, op: str, position: int, word: str | None = None
) -> None:
    """Switch to the What-if page with ``entry``'s model and a one-word edit of ``text``.

    Args:
        entry: the model.
        text: the review.
        op: the edit (one of ``analysis.EDIT_OPS``).
        position: the word it edits, 0-based.
        word: the new word (None for a deletion).
    """
    apply(st.session_state, what_if_request(entry.label, text, op, position, word))
    st.switch_page(WHAT_IF_PAGE)


def open_in_compare(entry_a: ModelEntry, entry_b: ModelEntry, review: int) -> None:
    """Switch to the Compare page with both models on one test review.

    Args:
        entry_a: model A.
        entry_b: model B.
        review: the test review, a row of ``corpus.x_test``.
    """
    corpus, _ = analysis_corpus(str(entry_a.path), entry_a.stamp)
    apply(st.session_state, compare_request(entry_a.label, entry_b.label, review, corpus))
    st.switch_page(COMPARE_PAGE)
