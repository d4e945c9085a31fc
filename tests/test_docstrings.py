"""Every public function and method of ``rnn_viz`` has a Google-style docstring whose
Args / Returns / Raises match its code (pydoclint, configured in ``pyproject.toml``).

One test per module, so ``pytest tests/test_docstrings.py -k plots`` checks one file.
Two of pydoclint's findings are relaxed, as Keras' own docstrings do: a Raises section
may name errors that a callee raises (DOC502, and DOC503 when the docstring names
more than the body raises); an error the body raises but the docstring omits still fails.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rnn_viz"
MODULES = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))
_FINDING = re.compile(r"^\s+(\d+): (DOC\d+): (.*)$")
_RAISES = re.compile(
    r"Raised exceptions in the docstring: \[(.*?)\]\. Raised exceptions in the body: \[(.*?)\]"
)


def _names(listed: str) -> set[str]:
    return {n.strip().strip("'\"") for n in listed.split(",") if n.strip()}


def _relevant(code: str, message: str) -> bool:
    if code == "DOC502":
        return False
    if code == "DOC503":
        found = _RAISES.search(message)
        if found:
            return bool(_names(found.group(2)) - _names(found.group(1)))
    return True


@functools.cache
def _findings() -> dict[str, list[str]]:
    """pydoclint's findings on the whole package, by module path."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pydoclint.main import main; main()",
            "-q",
            "--config",
            "pyproject.toml",
            "rnn_viz",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    out: dict[str, list[str]] = {}
    module = None
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("rnn_viz"):
            module = line.strip()
            continue
        found = _FINDING.match(line)
        if found and module and _relevant(found.group(2), found.group(3)):
            out.setdefault(module, []).append(line.strip())
    findings = any(_FINDING.match(line) for line in (done.stdout + done.stderr).splitlines())
    if done.returncode not in (0, 1) or (done.returncode == 1 and not findings):
        raise RuntimeError(f"pydoclint did not run: {done.stderr[-2000:]}")
    return out


@pytest.mark.parametrize("module", MODULES)
def test_public_functions_have_google_docstrings_matching_their_code(module):
    assert not _findings().get(module), "\n".join(_findings()[module])
