"""What the notebook widget and the web page show: a text read by one or more models.

``read`` turns whatever a notebook has at hand (a model folder, a shipped model's name,
a ``ModelBundle``, a live Keras model with its vocabulary, or a ``Trace``) into a
``Reading`` (the trace, its parity, the model's name); ``stepper_data`` makes the
stepper's data of one reading (the Gate explorer's view, with its step panel) or of
several (Compare's: one token control, a shared cell-state range), as the app does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rnn_viz.core.errors import RnnVizError

if TYPE_CHECKING:
    from rnn_viz.core.capture import Trace
    from rnn_viz.core.models import ModelBundle
    from rnn_viz.core.text import Vocabulary
    from rnn_viz.viz.html_export import Shown


class ReadingError(RnnVizError, ValueError):
    """What was handed to ``read`` cannot be shown (its sentence says why)."""


@dataclass
class Reading:
    """A text read by one model, ready to show.

    Attributes:
        name: the model's name.
        trace: the text's trace, ``T`` steps.
        parity: max |captured − stock Keras| (``Tracer.parity``); None for a trace handed
            over without its model.
        parameters: per recurrent layer, its parameter count as a sentence (the cell
            diagram's caption); empty without the model.
        text: the text as given ("" for a trace handed over).
    """

    name: str
    trace: Trace
    parity: float | None
    parameters: list[str] = field(default_factory=list)
    text: str = ""


def bundle_of(source: Any, vocab: Vocabulary | None = None, name: str | None = None) -> ModelBundle:
    """The model bundle of ``source``.

    Args:
        source: a ``ModelBundle``; a model folder (or its ``.keras`` file) as a path; the
            name of a shipped or user-trained model (``shipped_models``,
            ``user_models``); or a live ``keras.Model`` (with ``vocab`` unless it reads
            raw text through its own ``TextVectorization``).
        vocab: the vocabulary of a live id model.
        name: the name shown (default the bundle's).

    Returns:
        The bundle.

    Raises:
        ReadingError: a string that is neither a folder nor a known model's name, or an
            object that is no model.
        ModelError: a folder or model that cannot be read (``load_model_dir``,
            ``bundle_of_model``).
    """
    from rnn_viz.core import models

    if isinstance(source, models.ModelBundle):
        return source
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            known = {**models.shipped_models(), **models.user_models()}
            if str(source) not in known:
                raise ReadingError(
                    f"{source}: no such model folder, and no model of that name (shipped: "
                    f"{', '.join(models.shipped_models()) or 'none'})."
                )
            return models.load_model_dir(known[str(source)])
        bundle = models.load_model_dir(path)
        if name:
            bundle.name = name
        return bundle
    import keras

    if isinstance(source, keras.Model):
        return models.bundle_of_model(source, vocab, name or source.name)
    raise ReadingError(
        f"Cannot show a {type(source).__name__}: give a model folder, a model's name, a "
        "ModelBundle, a Keras model (with its vocabulary) or a Trace."
    )


def read(
    source: Any, text: str = "", *, vocab: Vocabulary | None = None, name: str | None = None
) -> Reading:
    """``text`` read by ``source``, traced, with its parity.

    Args:
        source: what ``bundle_of`` accepts, or a ``Trace`` (then ``text`` is ignored).
        text: the text the model reads (a review).
        vocab: the vocabulary of a live id model.
        name: the model's name as shown (default the bundle's, or "trace").

    Returns:
        The reading.

    Raises:
        ReadingError: an empty text, or see ``bundle_of``.
        ModelError: see ``bundle_of``.
        TraceError: the model reads no word of ``text`` (``Tracer.trace``).
    """
    from rnn_viz.core.capture import Trace, Tracer
    from rnn_viz.core.parameters import recurrent_parameters

    if isinstance(source, Trace):
        return Reading(name or "trace", source, None)
    if not text.strip():
        raise ReadingError("Give a text for the model to read.")
    bundle = bundle_of(source, vocab, name)
    tracer = Tracer(bundle.model, classes=bundle.label_names)
    trace = tracer.trace(bundle.vocab.encode(text))
    captions = [p.caption for p in recurrent_parameters(bundle.model)]
    return Reading(name or bundle.name, trace, tracer.parity(trace), captions, text)


def readings(
    sources: Any, text: str = "", *, vocab: Vocabulary | None = None, name: str | None = None
) -> list[Reading]:
    """``read`` of one source, or of each of a list or tuple of them (Compare).

    Args:
        sources: one source, or a list/tuple of them (each as ``read`` takes it).
        text: the text every model reads.
        vocab: the vocabulary of live id models.
        name: the name shown, for one source only.

    Returns:
        One reading per source.

    Raises:
        ReadingError: no source, or see ``read``.
    """
    if isinstance(sources, list | tuple):
        if not sources:
            raise ReadingError("Give at least one model.")
        return [read(s, text, vocab=vocab) for s in sources]
    return [read(sources, text, vocab=vocab, name=name)]


def stepper_data(
    shown: Sequence[Reading], *, show_pad: bool = False, start_step: int | None = None
) -> dict:
    """The stepper's data of one reading (with its step panel and cell diagram, as on
    the Gate explorer) or several (one token control, a shared cell-state range, as on
    Compare), in the current language.

    Args:
        shown: the readings, in the order drawn.
        show_pad: show the padding steps too.
        start_step: the step (into the first reading's ``T``) shown first.

    Returns:
        ``stepview.stepper_data`` of their ``stepview.review_payload``.
    """
    from rnn_viz.viz import plots, stepview

    if len(shown) == 1:
        r = shown[0]
        payloads = [
            stepview.review_payload(r.trace, show_pad, name=r.name, parameters=r.parameters or None)
        ]
    else:
        c_max = plots.cell_max(*(r.trace for r in shown))
        payloads = [
            stepview.review_payload(
                r.trace,
                show_pad,
                c_max=c_max,
                panels=False,
                name=r.name,
                title=_title(r),
            )
            for r in shown
        ]
    return stepview.stepper_data(payloads, start_step=start_step)


def _title(r: Reading) -> str:
    """A Compare figure's title, as the Compare page words it."""
    from rnn_viz.i18n import label_text

    trace = r.trace
    if trace.prediction is None:
        return r.name
    if trace.n_classes <= 2:
        return f"{r.name} · p(positive) = {trace.prediction:.3f}"
    label = label_text(trace.classes[trace.predicted_class or 0])
    return f"{r.name} · {label} ({trace.prediction:.3f})"


def shown_models(shown: Sequence[Reading]) -> list[Shown]:
    """The page header's models of ``shown``.

    Args:
        shown: the readings.

    Returns:
        Their names and parities.
    """
    from rnn_viz.viz.html_export import Shown

    return [Shown(r.name, r.parity) for r in shown]
