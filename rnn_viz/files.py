"""Writing files so that they appear complete or not at all, and CSV text."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np


def write_atomic(path: Path, write: Callable[[Path], None]) -> bool:
    """Write ``path`` through ``write(tmp)`` then ``os.replace``: the file appears
    complete or not at all. Returns False (and writes nothing) on an OS error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".partial" + path.suffix,
                                   dir=path.parent)
        os.close(fd)
    except OSError:
        return False
    tmp = Path(tmp)
    try:
        write(tmp)
        os.replace(tmp, path)
        return True
    except OSError:
        return False
    finally:
        tmp.unlink(missing_ok=True)


def write_json_atomic(path: Path, payload) -> bool:
    return write_atomic(path, lambda tmp: tmp.write_text(json.dumps(payload), "utf-8"))


def read_json(path: Path):
    """The cached JSON at ``path``, or None when absent or unreadable."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _csv_cell(v) -> str:
    text = f"{v:.7g}" if isinstance(v, (float, np.floating)) else str(v)
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\n') else text


def csv_text(header: list[str], rows) -> str:
    lines = [",".join(header)] + [",".join(_csv_cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"
