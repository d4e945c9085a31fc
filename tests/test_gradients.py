"""The one differentiable readout (``core.gradients``), the one ``capabilities(model)``
(``core.capabilities``) and the one ``NoReadableWordError``: every gradient analysis runs
on the same readout, every analysis asks the same capabilities, and every analysis of one
text refuses a text with no readable word with the same error."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from rnn_viz import cli, i18n
from rnn_viz.analysis import Attributor, GradientProbe, connectivity, edit_text
from rnn_viz.analysis.flips import FlipSearcher
from rnn_viz.core.capabilities import CapabilityError, capabilities
from rnn_viz.core.capture import Tracer
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.gradients import DifferentiableReadout
from rnn_viz.core.models import load_model_dir
from rnn_viz.i18n import en, ko

T, VOCAB, DIM = 8, 20, 3


def _model(head: str = "sigmoid", embedding: bool = True, mask_zero: bool = False):
    """Embedding(20, 3) (or float input) → LSTM(4) → GRU(3) → a head, random weights."""
    keras.utils.set_random_seed(0)
    if embedding:
        inputs = keras.Input((T,), dtype="int32")
        x = keras.layers.Embedding(VOCAB, DIM, mask_zero=mask_zero)(inputs)
    else:
        inputs = keras.Input((T, DIM))
        x = inputs
    x = keras.layers.LSTM(4, return_sequences=True)(x)
    if head == "pooled":
        x = keras.layers.GlobalAveragePooling1D()(keras.layers.GRU(3, return_sequences=True)(x))
        return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    x = keras.layers.GRU(3)(x)
    layer = {
        "sigmoid": keras.layers.Dense(1, activation="sigmoid"),
        "softmax2": keras.layers.Dense(2, activation="softmax"),
        "softmax3": keras.layers.Dense(3, activation="softmax"),
        "linear": keras.layers.Dense(1),
    }[head]
    return keras.Model(inputs, layer(x))


def _ids() -> np.ndarray:
    ids = np.random.default_rng(1).integers(2, VOCAB, T).astype(np.int32)
    ids[:2] = 0
    return ids


# --------------------------------------------------------------------------- #
# One readout
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("head", ["sigmoid", "softmax2"])
def test_attribution_memory_and_flips_differentiate_the_same_readout(head, tiny_corpus):
    model = _model(head)
    ids = _ids()
    attributor = Attributor(model)
    probe = GradientProbe(model)
    flips = FlipSearcher(model, tiny_corpus.vocab)
    e = attributor.embed(ids)
    # the model's own layers after the embedding, as they are: an independent gradient
    with tf.GradientTape() as tape:
        x = tf.constant(e[None])
        tape.watch(x)
        y = x
        for layer in model.layers[2:]:
            y = layer(y, training=False)
        p = y[:, 0] if head == "sigmoid" else y[:, 1]
    expected = tape.gradient(p, x).numpy()[0]

    p_attr, g_attr = attributor.readout.final_gradient(e[None])
    _, g_flips = flips.readout.final_gradient(e[None])
    prob, saliency = probe.connectivity_of_embedding(e)
    assert np.allclose(g_attr[0], expected, atol=1e-6)
    assert np.allclose(g_flips[0], g_attr[0], atol=1e-6)
    assert np.allclose(saliency[-1], np.linalg.norm(g_attr[0], axis=-1), atol=1e-6)
    assert prob[-1] == pytest.approx(float(p_attr[0]), abs=1e-6)
    assert prob[-1] == pytest.approx(float(p.numpy()[0]), abs=1e-6)
    assert np.abs(expected).max() > 1e-4  # the check is not of zeros


def test_a_readout_built_once_serves_every_analysis():
    model = _model()
    readout = DifferentiableReadout(model)
    e = readout.embed(_ids())
    assert Attributor(model, readout=readout).readout is readout
    assert GradientProbe(model, readout=readout).readout is readout
    steps = readout.step_values(e[None])
    p, _ = readout.final_gradient(e[None])
    assert steps.shape == (1, T) and steps[0, -1] == pytest.approx(float(p[0]), abs=1e-7)


# --------------------------------------------------------------------------- #
# One capabilities(model)
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "kind,readout,gradients,attribution",
    [
        ("sigmoid", "", "", ""),
        ("softmax2", "", "", ""),
        ("softmax3", "", "", ""),
        ("linear", "analysis.head.other_activation", "pkg.grad.no_readout", "pkg.attr.no_readout"),
        ("no embedding", "", "pkg.grad.no_embedding", "pkg.attr.no_embedding"),
        ("mask_zero", "", "", "pkg.attr.mask_zero"),
        ("pooled", "", "pkg.grad.no_stepwise", "pkg.grad.no_stepwise"),
    ],
)
def test_capabilities_of_each_head_and_embedding_keep_the_reason_as_a_key(
    kind, readout, gradients, attribution
):
    head = kind if kind in ("sigmoid", "softmax2", "softmax3", "linear", "pooled") else "sigmoid"
    model = _model(head, embedding=kind != "no embedding", mask_zero=kind == "mask_zero")
    caps = capabilities(model)
    for name, key in (("readout", readout), ("gradients", gradients), ("attribution", attribution)):
        capability = getattr(caps, name)
        assert bool(capability) == (not key)
        assert (capability.reason.key if capability.reason else "") == key
        if key:  # worded only when read, in the language asked for
            assert capability.why("ko") != capability.why("en")
            with pytest.raises(CapabilityError) as err:
                caps.require(name)
            assert err.value.capability == name and err.value.reason == capability.reason
            assert str(err.value) == capability.why("en")
        else:
            caps.require(name)


def test_every_analysis_refuses_a_model_it_cannot_run_with_a_capability_error(tiny_corpus):
    linear, masked = _model("linear"), _model(mask_zero=True)
    with pytest.raises(CapabilityError, match="^Token attribution cannot run: its embedding"):
        Attributor(masked)
    with pytest.raises(CapabilityError, match="^The flip search cannot run: its embedding"):
        FlipSearcher(masked, tiny_corpus.vocab)
    with pytest.raises(CapabilityError, match="^the model has no test metrics.*not a probability"):
        FlipSearcher(linear, tiny_corpus.vocab)
    with pytest.raises(CapabilityError, match="^memory across time is measured on p\\(positive"):
        GradientProbe(linear)
    GradientProbe(masked)  # memory reads a masking embedding: the masked steps are skipped


# --------------------------------------------------------------------------- #
# One NoReadableWordError
# --------------------------------------------------------------------------- #
def test_every_analysis_of_one_text_refuses_a_text_with_no_readable_word(tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    empty = "🎬 !!! --"
    refusals = [
        lambda: Tracer(bundle.model).trace(bundle.vocab.encode(empty)),
        lambda: edit_text(empty, "delete", 0),
        lambda: Attributor(bundle.model).attribute(bundle.vocab.encode(empty)),
        lambda: connectivity(bundle, empty),
        lambda: FlipSearcher(bundle.model, bundle.vocab).search(empty),
    ]
    for refuse in refusals:
        with pytest.raises(NoReadableWordError) as err:
            refuse()
        assert isinstance(err.value, ValueError)
        assert str(err.value) == en.TEXT["error.NoReadableWordError"]
    with i18n.use_language("ko"):
        assert i18n.error_text(err.value) == ko.TEXT["error.NoReadableWordError"]


@pytest.mark.parametrize(
    "argv",
    [
        ["trace", "{model}", "?!"],
        ["attribution", "{model}", "?!"],
        ["memory", "{model}", "?!"],
        ["what-if", "{model}", "?!", "--edit", "delete", "0"],
        ["what-if", "{model}", "a good film", "?!"],
    ],
)
def test_every_cli_command_of_one_text_refuses_a_text_with_no_readable_word(
    tiny_lstm_dir, capsys, argv
):
    argv = [str(tiny_lstm_dir) if a == "{model}" else a for a in argv]
    args = cli.parser().parse_args(argv)
    with pytest.raises(NoReadableWordError):
        args.func(args)
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == f"error: {en.TEXT['error.NoReadableWordError']}\n"


def test_the_errors_survive_the_app_caches_pickle():
    import pickle

    err = pickle.loads(pickle.dumps(NoReadableWordError()))
    assert isinstance(err, NoReadableWordError) and str(err) == str(NoReadableWordError())
    with pytest.raises(CapabilityError) as raised:
        capabilities(_model("linear")).require("readout", "pkg.cap.metrics", name="linear")
    again = pickle.loads(pickle.dumps(raised.value))
    assert (again.capability, again.reason, str(again)) == (
        "readout",
        raised.value.reason,
        str(raised.value),
    )
