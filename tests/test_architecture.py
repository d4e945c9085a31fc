"""The package's layers, checked from the source: who may import whom, and what starts
without TensorFlow.

The layers, lowest first: ``core`` (imports neither ``datasets`` nor ``analysis``),
``datasets`` and ``analysis`` (never ``viz`` or ``app``), ``viz`` (figures, no
Streamlit), ``app`` (the only package that imports Streamlit). Imports inside
functions and ``TYPE_CHECKING`` blocks count: they are the same dependency, only later.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rnn_viz"

#: (importing package, forbidden import prefixes): ``rnn_viz/core`` may not import
#: ``rnn_viz.datasets`` …
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rnn_viz.core", ("rnn_viz.datasets", "rnn_viz.analysis", "rnn_viz.viz", "rnn_viz.app")),
    ("rnn_viz.datasets", ("rnn_viz.viz", "rnn_viz.app")),
    ("rnn_viz.analysis", ("rnn_viz.viz", "rnn_viz.app")),
    ("rnn_viz.viz", ("rnn_viz.notebook", "rnn_viz.app")),
    ("rnn_viz.notebook", ("rnn_viz.app",)),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports, with its line, wherever the import statement is
    (module level, a function, an ``if TYPE_CHECKING:`` block); relative imports are
    resolved against the module's package."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _sources() -> list[Path]:
    return sorted(
        [*PACKAGE.rglob("*.py"), ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")],
    )


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations() -> list[str]:
    out = []
    for path in _sources():
        module = _module_name(path)
        where = path.relative_to(ROOT)
        in_app = _is_under(module, "rnn_viz.app") or not _is_under(module, "rnn_viz")
        for name, line in _imports(path):
            if _is_under(name, "streamlit") and not in_app:
                out.append(f"{where}:{line}: {module} imports {name} (only rnn_viz/app may)")
            for layer, forbidden in RULES:
                if _is_under(module, layer):
                    out += [
                        f"{where}:{line}: {module} imports {name} ({layer} may not import {f})"
                        for f in forbidden
                        if _is_under(name, f)
                    ]
    return sorted(set(out))


def test_layers_import_only_downwards_and_only_app_imports_streamlit():
    violations = _violations()
    assert not violations, "layer rule broken:\n" + "\n".join(violations)


def test_the_import_walker_sees_imports_in_functions_and_type_checking(tmp_path):
    source = tmp_path / "rnn_viz" / "core" / "probe.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from rnn_viz.app import registry\n"
        "def f():\n"
        "    import streamlit as st\n"
        "    from ..datasets import corpus\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        names = dict(_imports(source))
    finally:
        ROOT = saved
    assert names["rnn_viz.app.registry"] == 3
    assert names["streamlit"] == 5
    assert names["rnn_viz.datasets.corpus"] == 6


_HEAVY = ("tensorflow", "keras")


@pytest.mark.parametrize(
    "code",
    [
        "import rnn_viz",
        "import rnn_viz.i18n",
        "import rnn_viz.core.errors",
        "import rnn_viz.core.recipes",
        *(
            f"import sys; sys.argv = ['rnn-viz', {', '.join(map(repr, argv))}]; "
            "import runpy; runpy.run_module('rnn_viz', run_name='__main__')"
            for argv in (
                ["--help"],
                ["train", "--help"],
                ["trace", "--help"],
                ["models", "--help"],
                ["memory", "--help"],  # (a corpus analysis' own --help reads its description)
                ["metrics", "--help"],
            )
        ),
    ],
)
def test_starts_without_tensorflow(code):
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('HEAVY', sorted({m.split('.')[0] for m in sys.modules"
        f" if m.split('.')[0] in {_HEAVY!r}}})))\n" + code
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "HEAVY" in done.stdout, done.stdout + done.stderr
    assert done.stdout.rsplit("HEAVY", 1)[1].strip() == "[]", f"{code!r} imported TensorFlow"
