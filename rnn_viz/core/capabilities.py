"""What each analysis can do with one model, decided once per model: the one rule.

- **readout**: the model outputs p(positive) (``readout.probability_head``), so it has
  predictions, test metrics, disagreements and a p(positive) line.
- **gradients**: the differentiable readout (``gradients.DifferentiableReadout``) can be
  built: the model starts with an ``Embedding``, outputs p(positive), its recurrent
  layers can be followed step by step and the layers after the last one can read each
  step's ``h``. Memory across time (connectivity, gradient against distance) needs it.
- **attribution**: gradients, and an embedding that does not mask padding
  (``mask_zero=True`` would make the all-padding baseline of integrated gradients skip
  every step). Token attribution and the flip search need it.

Each capability that is off keeps why as a catalogue key and its values (a ``Note``),
never as translated text, so a holder cached across sessions words it in the reader's
language. An analysis asks ``Capabilities.require``, which raises the one
``CapabilityError``.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras

from rnn_viz.core.capture import Note, model_layers, recurrent_indices
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.readout import probability_head
from rnn_viz.i18n import t, use_language

#: The capabilities ``Capabilities.require`` knows, by name.
NAMES = ("readout", "gradients", "attribution")


class CapabilityError(RnnVizError, ValueError):
    """A model that cannot run an analysis; the message says which and why.

    Args:
        capability: the capability that is off (one of ``NAMES``).
        reason: why, as a catalogue key and its values.
        message: the sentence in English.
    """

    def __init__(self, capability: str, reason: Note, message: str) -> None:
        super().__init__(message)
        self.capability = capability
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, Note, str]]:
        """Pickle with all three arguments (the app's caches pickle the errors they keep).

        Returns:
            ``(CapabilityError, (capability, reason, message))``.
        """
        return (type(self), (self.capability, self.reason, str(self)))


@dataclass(frozen=True)
class Capability:
    """One thing a model can or cannot do; true when it can.

    Attributes:
        ok: whether it can.
        reason: when not, why (a catalogue key and its values); None otherwise.
    """

    ok: bool
    reason: Note | None = None

    def __bool__(self) -> bool:
        return self.ok

    def why(self, lang: str | None = None) -> str:
        """Why not, worded in a language.

        Args:
            lang: ``"en"`` or ``"ko"``; default the current language.

        Returns:
            The sentence; ``""`` when the capability is on.
        """
        if self.reason is None:
            return ""
        if lang is None:
            return str(self.reason)
        with use_language(lang):
            return str(self.reason)


ON = Capability(True)


@dataclass(frozen=True)
class Capabilities:
    """What the app and the analyses can do with one model (see the module docstring).

    Gates and states are always shown: a model whose recurrent layers cannot be traced
    is refused at load.

    Attributes:
        readout: p(positive) (predictions, test metrics, the readout line).
        gradients: the differentiable readout (memory across time).
        attribution: token attribution and the flip search.
    """

    readout: Capability = ON
    gradients: Capability = ON
    attribution: Capability = ON

    @property
    def readout_why(self) -> str:
        """Why there is no p(positive), in the current language ("" when there is one)."""
        return self.readout.why()

    @property
    def attribution_why(self) -> str:
        """Why token attribution is off, in the current language ("" when it is on)."""
        return self.attribution.why()

    def notes(self) -> list[str]:
        """The sentences the pages show under the model picker, in the current language.

        Returns:
            One sentence for each of readout and attribution that is off (empty when both
            work).
        """
        out = []
        if not self.readout:
            out.append(t("pkg.note.readout_off", why=self.readout_why))
        if not self.attribution:
            out.append(t("pkg.note.attribution_off", why=self.attribution_why))
        return out

    def require(self, capability: str, task: str | None = None, name: str = "") -> None:
        """Raise ``CapabilityError`` unless the model can do ``capability``.

        Args:
            capability: one of ``NAMES``.
            task: the catalogue key of the analysis' sentence, with a ``{why}`` placeholder
                for the reason (``"pkg.cap.attribution"``); None: the reason alone.
            name: the model's name, for a sentence that names it (``{name}``).

        Raises:
            CapabilityError: the capability is off; the message is the sentence in English.
            KeyError: ``capability`` is not one of ``NAMES``.
        """
        if capability not in NAMES:
            raise KeyError(capability)
        can: Capability = getattr(self, capability)
        if can.ok or can.reason is None:
            return
        why = can.why("en")
        message = t(task, "en", why=why, name=name) if task else why
        raise CapabilityError(capability, can.reason, message)


def _stepwise(layers: list[keras.layers.Layer], last: int, width: int) -> bool:
    """Whether the layers after the recurrent layer ``last`` can read each step's ``h``:
    applied to a ``(B, T, units)`` sequence, they give ``(B, T, width)``."""
    x = keras.Input((None, int(layers[last].units)))
    try:
        for layer in layers[last + 1 :]:
            x = layer(x)
    except Exception:  # noqa: BLE001 - any head that cannot act step by step
        return False
    return len(x.shape) == 3 and x.shape[-1] == width


def _gradients(model: keras.Model, readout: Capability) -> Capability:
    """The ``gradients`` capability (``readout`` being the model's)."""
    try:
        layers = model_layers(model)
    except RnnVizError as err:
        return Capability(False, Note("pkg.grad.untraceable", {"detail": str(err)}))
    if not layers or not isinstance(layers[0], keras.layers.Embedding):
        return Capability(False, Note("pkg.grad.no_embedding"))
    if not readout:
        return Capability(False, Note("pkg.grad.no_readout", {"why": readout.reason}))
    try:
        recurrent = recurrent_indices(layers)
    except RnnVizError as err:
        return Capability(False, Note("pkg.grad.untraceable", {"detail": str(err)}))
    if any(isinstance(layers[k], keras.layers.Bidirectional) for k in recurrent):
        return Capability(False, Note("pkg.grad.bidirectional"))
    if not _stepwise(layers, recurrent[-1], int(model.outputs[0].shape[-1])):
        return Capability(False, Note("pkg.grad.no_stepwise"))
    return ON


def capabilities(model: keras.Model) -> Capabilities:
    """Decide what can be done with ``model`` (see ``Capabilities``).

    Args:
        model: a loaded Keras model.

    Returns:
        Its ``Capabilities``, each off one with its reason.
    """
    head = probability_head(model)
    readout = ON if head.is_probability else Capability(False, Note(head.reason, head.params))
    gradients = _gradients(model, readout)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not layers or not isinstance(layers[0], keras.layers.Embedding):
        attribution = Capability(False, Note("pkg.attr.no_embedding"))
    elif getattr(layers[0], "mask_zero", False):
        attribution = Capability(False, Note("pkg.attr.mask_zero"))
    elif not readout:
        attribution = Capability(False, Note("pkg.attr.no_readout"))
    else:
        attribution = gradients
    return Capabilities(readout, gradients, attribution)
