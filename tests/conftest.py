"""Shared fixtures: a tiny aclImdb-layout dataset written by the tests, tiny models
trained on it for real, the real dataset when ``RNN_VIZ_DATA`` points at it, and one app
server and one Chromium shared by the browser tests."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, RunningApp, need_browser, running_app
from helpers import TINY_MAXLEN, TINY_VOCAB, tiny_recipe, write_tiny_imdb

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Tracers skip XLA (each new batch shape would compile for ~0.4 s) unless a test asks for
# it: the tests of the app's compiled path pass ``jit_compile=True``, and the browser
# tests' server runs with XLA, as the app does. ``RNN_VIZ_XLA=1`` runs every test with it.
os.environ.setdefault("RNN_VIZ_XLA", "0")


def pytest_configure(config):
    """In a process that runs tests: import Streamlit's testing library and freeze its objects
    (``internals.freeze_imports``, as the app does: Streamlit collects garbage twice after every
    ``AppTest`` run; TensorFlow's, imported later by the test modules, are frozen by
    ``pytest_runtest_setup``), and scan the installed packages for Streamlit components once.
    pytest-xdist's controller runs no test, and skips both."""
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        return
    import streamlit.testing.v1  # noqa: F401

    from rnn_viz.app.internals import freeze_imports, scan_components_once

    freeze_imports()
    scan_components_once()


#: Every this many tests, ``pytest_runtest_setup`` collects over every object, frozen ones
#: included (what died since it was frozen is freed), instead of over the last test's only.
FULL_COLLECTION_EVERY = 100
_setups = 0


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before each test: collect the previous test's garbage, then freeze what is left
    (``gc.freeze``), so the collections during the test (Streamlit's and Keras'
    ``clear_session`` after every ``AppTest`` run, Python's own) walk only the objects this
    test makes, not the ~450,000 of TensorFlow, Keras and the session fixtures (~0.25 s a
    collection). Every ``FULL_COLLECTION_EVERY`` tests, the frozen objects are collected too."""
    global _setups
    _setups += 1
    if _setups % FULL_COLLECTION_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def _isolated_caches(tmp_path_factory):
    """Keep the tests' corpus cache and Keras cache out of the user's home."""
    old = {k: os.environ.get(k) for k in ("RNN_VIZ_CACHE", "KERAS_HOME")}
    os.environ["RNN_VIZ_CACHE"] = str(tmp_path_factory.mktemp("rnn_viz_cache"))
    os.environ["KERAS_HOME"] = str(tmp_path_factory.mktemp("keras_home"))
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def tiny_imdb(tmp_path_factory) -> Path:
    """A folder holding a small synthetic ``aclImdb/`` tree (80 reviews per split), one
    per test run (``_once_per_run``), so the tiny models (trained once per run) record
    the place every pytest-xdist worker reads."""
    with _once_per_run(tmp_path_factory, "tiny_imdb") as folder:
        if not (folder / "aclImdb").is_dir():
            folder.mkdir(exist_ok=True)
            write_tiny_imdb(folder)
        return folder


@pytest.fixture(scope="session")
def other_tiny_imdb(tmp_path_factory) -> Path:
    """Another tiny aclImdb-layout dataset: the same layout and sizes, other words
    (every word of ``tiny_imdb``'s ends in "zz")."""
    return write_tiny_imdb(tmp_path_factory.mktemp("other_tiny_imdb"), seed=1, suffix="zz")


@pytest.fixture(scope="session")
def tiny_corpus(tiny_imdb):
    from rnn_viz.datasets import load_corpus

    return load_corpus(tiny_imdb, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN, download=False)


@contextlib.contextmanager
def _once_per_run(tmp_path_factory, name: str) -> Iterator[Path]:
    """``shared/name`` in a folder of this test run that every pytest-xdist worker sees
    (the run's tmp folder), held under a file lock: the first worker to take it makes
    what ``name`` holds, the others wait and find it made. Without xdist, the session's
    tmp folder."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    shared.mkdir(exist_ok=True)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield shared / name


def _train_tiny(
    tmp_path_factory, corpus, cell: str, layers: int, name: str, bidirectional: bool = False
) -> Path:
    """The tiny model ``name``, trained once per test run (``_once_per_run``)."""
    from rnn_viz.train import train

    recipe = tiny_recipe(
        cell=cell,
        layers=layers,
        dropout=0.1 if layers > 1 else 0.0,
        bidirectional=bidirectional,
    )
    with _once_per_run(tmp_path_factory, name) as out:
        if not out.exists():  # ``train`` writes the folder whole or not at all
            train(name, recipe, corpus, out, verbose=0, keep_epochs=True)
    return out


@pytest.fixture(scope="session")
def tiny_lstm_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 2-layer LSTM(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "lstm", 2, "tiny_lstm2")


@pytest.fixture(scope="session")
def tiny_gru_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 2-layer GRU(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "gru", 2, "tiny_gru2")


@pytest.fixture(scope="session")
def other_tiny_rnn_dir(tmp_path_factory, other_tiny_imdb) -> Path:
    """A 1-layer SimpleRNN(4) trained for real on ``other_tiny_imdb`` (a model of
    another dataset than the other tiny models)."""
    from rnn_viz.datasets import load_corpus

    corpus = load_corpus(other_tiny_imdb, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN)
    return _train_tiny(tmp_path_factory, corpus, "rnn", 1, "other_tiny_rnn")


@pytest.fixture(scope="session")
def tiny_rnn_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 1-layer SimpleRNN(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "rnn", 1, "tiny_rnn")


@pytest.fixture(scope="session")
def tiny_stars_corpus(tiny_imdb):
    """The tiny dataset labelled by star band (``ImdbStarsDataset``: 4 classes)."""
    from rnn_viz.datasets import load_corpus
    from rnn_viz.datasets.imdb import ImdbStarsDataset

    dataset = ImdbStarsDataset(tiny_imdb)
    return load_corpus(dataset, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN, download=False)


@pytest.fixture(scope="session")
def tiny_stars_dir(tmp_path_factory, tiny_stars_corpus) -> Path:
    """A 1-layer LSTM(4) with a 4-way softmax, trained for real for 2 epochs on the tiny
    dataset's star bands."""
    return _train_tiny(tmp_path_factory, tiny_stars_corpus, "lstm", 1, "tiny_stars")


@pytest.fixture(scope="session")
def tiny_stars_bigru_dir(tmp_path_factory, tiny_stars_corpus) -> Path:
    """A 1-layer Bidirectional GRU(4) with a 4-way softmax, trained for real for 2 epochs
    on the tiny dataset's star bands."""
    return _train_tiny(
        tmp_path_factory, tiny_stars_corpus, "gru", 1, "tiny_stars_bigru", bidirectional=True
    )


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real IMDB archive from ``$RNN_VIZ_DATA``; skipped when absent, unless
    ``RNN_VIZ_REQUIRE_DATA=1`` (as in CI), where its absence fails the test."""
    value = os.environ.get("RNN_VIZ_DATA")
    if value and Path(value).exists():
        return Path(value)
    reason = f"the IMDB dataset is not available (RNN_VIZ_DATA={value!r})"
    if os.environ.get("RNN_VIZ_REQUIRE_DATA") == "1":
        pytest.fail(reason + " but RNN_VIZ_REQUIRE_DATA=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_corpus(real_data, tmp_path_factory):
    """The real corpus (``load_corpus(real_data)``, the reference's sizes), read and
    encoded once per test run: the first worker writes it to a disk cache the other
    pytest-xdist workers read (0.3 s instead of 6 s)."""
    from rnn_viz.datasets import load_corpus

    with _once_per_run(tmp_path_factory, "real_corpus") as cache:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("RNN_VIZ_CACHE", str(cache))
            return load_corpus(real_data, download=False)


@pytest.fixture(scope="session")
def tiny_shipped(tmp_path_factory, tiny_lstm_dir, tiny_gru_dir) -> Path:
    """One folder holding copies of the tiny LSTM and GRU, the tests' "shipped" models.

    Shared by the whole session, so the app's caches (keyed by folder and model file)
    load and trace each model once; a test that changes shipped models points
    ``RNN_VIZ_ASSETS_MODELS`` at a folder of its own instead of writing here.
    """
    shipped = tmp_path_factory.mktemp("shipped")
    for src in (tiny_lstm_dir, tiny_gru_dir):
        shutil.copytree(src, shipped / src.name)
    return shipped


@pytest.fixture
def model_dirs(tmp_path, monkeypatch, tiny_shipped):
    """Shipped models = the two tiny fixtures (``tiny_shipped``); user models in an
    empty tmp folder. ``tmp_path / "shipped"`` links to the shipped folder."""
    from rnn_viz.core.models import SHIPPED_ENV

    (tmp_path / "shipped").symlink_to(tiny_shipped, target_is_directory=True)
    monkeypatch.setenv(SHIPPED_ENV, str(tiny_shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    return tiny_shipped


@pytest.fixture
def app_env(model_dirs, tmp_path, monkeypatch, tiny_imdb) -> Path:
    """For app tests: ``model_dirs`` and the tiny dataset. Returns the test's tmp folder."""
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    return tmp_path


# --------------------------------------------------------------------------- browser tests
@dataclass
class AppServer:
    """The app server the browser tests share.

    Its shipped models are the checkout's (``assets/models``, linked) plus the tiny LSTM,
    GRU and SimpleRNN (they read the tiny dataset; a bare ``.keras`` upload of a tiny
    model borrows their vocabulary); the
    user's models folder starts empty; it reads the tiny dataset, or the real one when
    ``RNN_VIZ_SCREENSHOTS`` asks for the README's screenshots and ``RNN_VIZ_DATA`` has it.
    A closed tab's session ends 2 s after it disconnects.
    """

    app: RunningApp
    shipped: dict[str, Path]
    cache: Path
    real_data: bool

    @property
    def url(self) -> str:
        """The server's address, e.g. ``http://127.0.0.1:PORT``."""
        return self.app.url


@dataclass
class _Shared:
    """The server and the browser of the browser tests in a row: started by the first
    test that asks, closed once the next test needs neither (see
    ``pytest_runtest_teardown``), so no other test runs beside them."""

    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    server: AppServer | None = None
    browser: object | None = None

    def close(self) -> None:
        self.stack.close()
        self.server = self.browser = None


_SHARED = _Shared()
BROWSER_FIXTURES = frozenset({"app_server", "chromium", "open_page"})


def _start_server(root: Path, tiny: list[Path], tiny_imdb: Path) -> AppServer:
    from rnn_viz.core.models import ASSETS_MODELS

    shipped = root / "shipped"
    shipped.mkdir()
    real = os.environ.get("RNN_VIZ_DATA")
    real_data = bool(os.environ.get("RNN_VIZ_SCREENSHOTS") and real and Path(real).exists())
    data = str(real if real_data else tiny_imdb)
    for folder in sorted(ASSETS_MODELS.iterdir()):
        if (folder / "model.keras").exists():
            # the checkout's files, but the dataset recorded where the server's is: with
            # the tiny dataset they are refused (another dataset), wherever the real one is
            (shipped / folder.name).mkdir()
            for file in folder.iterdir():
                if file.name != "config.json":
                    (shipped / folder.name / file.name).symlink_to(file)
            config = json.loads((folder / "config.json").read_text("utf-8"))
            config["dataset"]["location"] = data
            (shipped / folder.name / "config.json").write_text(json.dumps(config), "utf-8")
    for src in tiny:
        shutil.copytree(src, shipped / src.name)
    env = {
        "RNN_VIZ_ASSETS_MODELS": str(shipped),
        "RNN_VIZ_MODELS": str(root / "user"),
        "RNN_VIZ_DATA": data,
        "RNN_VIZ_CACHE": str(root / "cache"),
        "RNN_VIZ_XLA": "1",
    }
    options = ("--server.disconnectedSessionTTL", "2")  # a closed tab's session ends soon
    app = _SHARED.stack.enter_context(running_app(env, root / "streamlit.log", *options))
    return AppServer(app, {p.name: p for p in sorted(shipped.iterdir())}, root / "cache", real_data)


@pytest.fixture
def app_server(
    request, tmp_path_factory, tiny_lstm_dir, tiny_gru_dir, tiny_rnn_dir, tiny_imdb
) -> Iterator[AppServer]:
    """The running app shared by the browser tests (``AppServer``); the end of its log is
    printed when the test fails. Skipped without Chromium (see ``browser.need_browser``)."""
    need_browser()
    if _SHARED.server is None:
        root = tmp_path_factory.mktemp("app_server")
        _SHARED.server = _start_server(root, [tiny_lstm_dir, tiny_gru_dir, tiny_rnn_dir], tiny_imdb)
    server = _SHARED.server
    start = server.app.log.stat().st_size
    yield server
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(server.app.log_text(start)[-4000:])


@pytest.fixture
def chromium():
    """Headless Chromium (a Playwright ``Browser``) shared by the browser tests."""
    need_browser()
    if _SHARED.browser is None:
        from playwright.sync_api import sync_playwright

        pw = _SHARED.stack.enter_context(sync_playwright())
        _SHARED.browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _SHARED.stack.callback(_SHARED.browser.close)
    return _SHARED.browser


@pytest.fixture
def open_page(request, chromium, tmp_path) -> Iterator[Callable[..., object]]:
    """``open_page(width, height)``: a new page in a fresh browser context (no cookies or
    session of another test), 90 s default timeout. When the test fails, the last page
    opened is saved as ``failure.png`` in the test's tmp folder and the browser's errors
    and warnings are printed."""
    contexts: list = []
    pages: list = []
    console: list[str] = []

    def open_(width: int = 1280, height: int = 720, timeout: float = 90_000):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(timeout)
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        page.on("crash", lambda _: console.append("the page crashed"))
        page.on(
            "console",
            lambda message: (
                console.append(f"console.{message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        pages.append(page)
        return page

    yield open_
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and pages and not pages[-1].is_closed():
        pages[-1].screenshot(path=tmp_path / "failure.png", full_page=True)
        print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
        print("the browser's errors and warnings:", *console[-40:], sep="\n")
    for context in contexts:
        context.close()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """The browser tests run first and, under pytest-xdist (``--dist loadgroup``), on one
    worker: they share one server, and the longest group starts while the other worker
    takes the rest."""
    browser = [item for item in items if BROWSER_FIXTURES & set(item.fixturenames)]
    if browser:
        for item in browser:
            item.add_marker(pytest.mark.xdist_group("browser"))
        items[:] = browser + [item for item in items if item not in browser]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (``item.rep_call``) for the fixtures above."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Close the shared server and browser once the next test uses neither."""
    if nextitem is None or not BROWSER_FIXTURES & set(nextitem.fixturenames):
        _SHARED.close()
