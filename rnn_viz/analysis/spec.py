"""One description per corpus analysis, and the one function that runs any of them.

An ``Analysis`` says everything the library, the app and the command line need to know
about a corpus analysis: its name (the cache's and the app's key), its parameters (type,
default, range, the command line's help), its pure compute function, how its result is
stored, the wording of its progress bar (a catalogue key) and how many test reviews it
reads by default. ``run`` is the one cached wrapper: it checks the corpus, picks the
reviews (``_common.subset``), names the cache file (``model_cache_path``) and reads or
computes the result (``files.cached``). Calling an ``Analysis`` runs it::

    saturation(bundle, corpus, 0.1, 0.9, limit=1000)

A new corpus analysis is its module (compute function, result, ``Analysis``), its figure,
its page and its catalogue keys.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from rnn_viz.analysis import _common as c
from rnn_viz.core import files
from rnn_viz.core.capture import Tracer
from rnn_viz.datasets import Corpus

if TYPE_CHECKING:
    from rnn_viz.core.models import ModelBundle

R = TypeVar("R")


class _Required:
    """The default of a parameter that has none (the caller must give it)."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
#: ``limit`` left out: the analysis' own ``default_limit``.
DEFAULT_LIMIT: Any = _Required()


@dataclass(frozen=True)
class Param:
    """One parameter of an analysis, as the compute function, the command line and the
    app's call take it.

    ``low``/``high`` bound it (``open_low``: ``low`` itself excluded; None: unbounded);
    ``counted_from`` is where the command line starts counting it (a 0-based layer is
    given from 1); ``flag`` is its command-line flag (default ``--name-with-dashes``).
    """

    name: str
    type: type
    default: Any = REQUIRED
    help: str | None = None
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    counted_from: int = 0
    flag: str | None = None

    @property
    def required(self) -> bool:
        """True when the caller must give it."""
        return self.default is REQUIRED

    @property
    def cli_flag(self) -> str:
        """Its command-line flag."""
        return self.flag or "--" + self.name.replace("_", "-")


def _tracer(bundle: ModelBundle) -> Tracer:
    """A ``Tracer`` of ``bundle``'s model (the instrument of most analyses)."""
    return Tracer(bundle.model, classes=bundle.label_names)


@dataclass(frozen=True)
class Analysis(Generic[R]):
    """A corpus analysis: what it computes, from what, and how its result is kept.

    ``compute(instrument, x, **params, progress=, model=[, batch_size=])`` when ``reads``
    is ``"ids"`` (``x``: ``(N, T)`` ids of the reviews), ``compute(instrument, corpus,
    rows, ...)`` when it is ``"rows"``; ``instrument(bundle)`` builds what it reads the
    model with (a ``Tracer`` unless said otherwise), given by callers as the keyword
    ``instrument_kw``; ``check(instrument, params)`` refuses a bad request before a
    cache hit could hide it; ``version`` is part of the cache key (raise it when the
    result's format changes).
    """

    name: str
    params: tuple[Param, ...]
    compute: Callable[..., R]
    stored: c.Stored[R]
    progress: str
    reads: Literal["ids", "rows"] = "ids"
    default_limit: int | None = None
    instrument: Callable[[ModelBundle], Any] = _tracer
    instrument_kw: str = "tracer"
    check: Callable[[Any, Mapping[str, Any]], None] | None = None
    version: int = 0

    def bind(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of one call, positional ones in ``params`` order.

        Args:
            args: the positional parameters.
            kwargs: the keyword ones.

        Returns:
            ``{name: value}`` for every parameter, defaults filled in.

        Raises:
            TypeError: too many, unknown or missing parameters.
        """
        names = [p.name for p in self.params]
        if len(args) > len(names):
            raise TypeError(f"{self.name} takes {len(names)} parameters, not {len(args)}")
        unknown = set(kwargs) - set(names)
        if unknown:
            raise TypeError(f"{self.name} has no parameter {', '.join(sorted(unknown))}")
        given = {**dict(zip(names, args, strict=False)), **kwargs}
        missing = [p.name for p in self.params if p.required and p.name not in given]
        if missing:
            raise TypeError(f"{self.name} needs {', '.join(missing)}")
        return {p.name: given.get(p.name, p.default) for p in self.params}

    def __call__(
        self,
        bundle: ModelBundle,
        corpus: Corpus,
        *args: Any,
        limit: int | None = DEFAULT_LIMIT,
        cache: bool = True,
        progress: c.Progress | None = None,
        batch_size: int | None = None,
        **kwargs: Any,
    ) -> R:
        """``run`` this analysis; its parameters are the other positional arguments (in
        ``params`` order) and keywords, with the instrument to reuse under the keyword
        ``instrument_kw`` (``tracer=``, ``probe=``).

        Args:
            bundle: the model; only a model saved in a folder is cached.
            corpus: the dataset encoded with the model's vocabulary (``corpus_for``).
            limit: a fixed random sample of this many test reviews; None: all of them;
                left out: ``default_limit``.
            cache: read and write the disk cache.
            progress: ``progress(done, total)`` after every batch (not on a cache hit).
            batch_size: reviews per batch (None: the compute function's default).

        Returns:
            The result.
        """
        instrument = kwargs.pop(self.instrument_kw, None)
        return run(
            self,
            bundle,
            corpus,
            self.bind(args, kwargs),
            self.default_limit if limit is DEFAULT_LIMIT else limit,
            cache=cache,
            progress=progress,
            instrument=instrument,
            batch_size=batch_size,
        )


def run(
    analysis: Analysis[R],
    bundle: ModelBundle,
    corpus: Corpus,
    params: Mapping[str, Any],
    limit: int | None,
    cache: bool = True,
    progress: c.Progress | None = None,
    instrument: Any = None,
    batch_size: int | None = None,
) -> R:
    """Run ``analysis`` of a model over the test set (or a fixed sample of ``limit``
    reviews), cached on disk by model file, reviews, parameters and ``version``; cache
    files are written atomically, so an interrupted pass leaves none.

    Args:
        analysis: what to run.
        bundle: the model; only a model saved in a folder is cached.
        corpus: the dataset encoded with the model's vocabulary (``corpus_for``).
        params: every parameter (``Analysis.bind``).
        limit: a fixed random sample of this many test reviews; None: all of them.
        cache: read and write the disk cache.
        progress: ``progress(done, total)`` after every batch (not on a cache hit).
        instrument: the model's instrument to reuse (a ``Tracer``, a ``GradientProbe``);
            None builds one when needed.
        batch_size: reviews per batch (None: the compute function's default).

    Returns:
        The result.

    Raises:
        DatasetMismatchError: ``corpus`` was encoded with another vocabulary.
    """
    c.check_corpus(bundle, corpus)
    rows = c.subset(corpus, limit)

    @functools.cache
    def tool() -> Any:
        return instrument if instrument is not None else analysis.instrument(bundle)

    if analysis.check is not None:
        analysis.check(tool(), params)
    path = c.model_cache_path(
        analysis.name,
        bundle,
        cache,
        c.array_digest(corpus.x_test[rows], corpus.y_test[rows]),
        analysis.version,
        *(p.type(params[p.name]) for p in analysis.params),
        suffix=analysis.stored.suffix,
    )

    def compute() -> R:
        inputs = (corpus.x_test[rows],) if analysis.reads == "ids" else (corpus, rows)
        extra = {} if batch_size is None else {"batch_size": batch_size}
        return analysis.compute(
            tool(), *inputs, **params, progress=progress, model=bundle.name, **extra
        )

    return files.cached(path, compute, analysis.stored.read, analysis.stored.write)
