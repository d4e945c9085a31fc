"""Files: written so that they appear complete or not at all, identified by their
content, and CSV text."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from rnn_viz.core.errors import RnnVizError

T = TypeVar("T")


class WriteError(RnnVizError, OSError):
    """A file could not be written; nothing was written at its path.

    Args:
        path: the file that was to be written (kept as ``path``).
        reason: the operating system's reason, e.g. "Permission denied" (kept as
            ``reason``).
    """

    def __init__(self, path: Path, reason: str):
        super().__init__(f"could not write {path}: {reason}")
        self.path = path
        self.reason = reason


def write_atomic(path: str | os.PathLike, write: Callable[[Path], object]) -> None:
    """Write ``path`` through ``write(tmp)`` then ``os.replace``: the file appears
    complete or not at all.

    Args:
        path: the file to write; its folder is created when missing.
        write: writes the whole content to the temporary file it is given (in the
            same folder, so the final rename is atomic).

    Raises:
        WriteError: the folder, the temporary file or the rename failed (the OS
            reason is in the message and ``reason``); ``path`` is left as it was.
        Exception: whatever ``write`` raises other than ``OSError`` (including
            ``KeyboardInterrupt``) goes through; the temporary file is removed.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=".partial" + path.suffix, dir=path.parent
        )
        os.close(fd)
    except OSError as err:
        raise WriteError(path, err.strerror or str(err)) from err
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        raise WriteError(path, err.strerror or str(err)) from err
    finally:
        tmp.unlink(missing_ok=True)


def cached(
    path: Path | None,
    compute: Callable[[], T],
    load: Callable[[Path], T],
    save: Callable[[T, Path], object],
) -> T:
    """The result kept in the cache file ``path``, or ``compute()`` kept there.

    The one cache-or-compute step of rnn-viz's disk caches. A file that cannot be read
    back (``load`` raises ``OSError``, ``ValueError``, ``KeyError`` or ``TypeError``) is
    a miss. The new file is written atomically, so an interrupted ``compute`` or write
    leaves no file; a failed write only costs time, so it is not an error.

    Args:
        path: the cache file; None computes without caching.
        compute: makes the result.
        load: reads a result from a cache file.
        save: ``save(result, tmp)`` writes ``result`` to the temporary file ``tmp``.

    Returns:
        The loaded or computed result.
    """
    if path is not None and path.exists():
        try:
            return load(path)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    result = compute()
    if path is not None:
        try:
            write_atomic(path, lambda tmp: save(result, tmp))
        except WriteError:
            pass  # the next call computes it again
    return result


# --------------------------------------------------------------------------- identity
#: How many file versions ``file_digest`` remembers (least recently asked dropped first).
DIGEST_CACHE_SIZE = 256
_DIGESTS: OrderedDict[tuple[str, int, int, int], str] = OrderedDict()


def file_digest(path: str | os.PathLike) -> str:
    """The sha1 of a file's bytes, read once per (path, inode, size, mtime) while that
    version is among the ``DIGEST_CACHE_SIZE`` most recently asked.

    This is the identity of a saved model (``model_stamp``) that every cache
    is keyed by: a file rewritten with other bytes gets another digest, the same
    bytes copied elsewhere keep theirs, and asking again costs one ``stat``.

    Args:
        path: the file.

    Returns:
        40 hex digits.

    Raises:
        OSError: the file cannot be read.
    """
    resolved = Path(path).resolve()
    st = resolved.stat()
    key = (str(resolved), st.st_ino, st.st_size, st.st_mtime_ns)
    digest = _DIGESTS.get(key)
    if digest is None:
        h = hashlib.sha1()
        with open(resolved, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = _DIGESTS[key] = h.hexdigest()
        while len(_DIGESTS) > DIGEST_CACHE_SIZE:
            _DIGESTS.popitem(last=False)
    else:
        _DIGESTS.move_to_end(key)
    return digest


def model_stamp(folder: str | os.PathLike) -> str:
    """The identity of the model saved in ``folder``, the one key of every cache of it
    (the app's, the analyses' and the test-set predictions').

    Args:
        folder: a model folder.

    Returns:
        The sha1 of its ``model.keras`` (``file_digest``: hashed once per file
        version, then one ``stat`` per call); "" when the file is missing or unreadable.
    """
    try:
        return file_digest(Path(folder) / "model.keras")
    except OSError:
        return ""


# --------------------------------------------------------------------------- CSV
def _csv_cell(value: Any) -> Any:
    """Floats with 7 significant digits; None as an empty cell; the rest as is."""
    if isinstance(value, (float, np.floating)):
        return f"{value:.7g}"
    return "" if value is None else value


def csv_text(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV text (RFC 4180, as the ``csv`` module writes it: ``\\r\\n`` line ends, a cell
    quoted when it holds a comma, a quote or a line break).

    Args:
        header: the column names.
        rows: one iterable of cells per row; floats are written with 7 significant
            digits, None as an empty cell.

    Returns:
        The header line then one line per row.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def cache_dir() -> Path:
    """Where encoded corpora (and the analyses' results) are cached on disk.

    Returns:
        ``$RNN_VIZ_CACHE``, or ``~/.cache/rnn_viz``.
    """
    return Path(os.environ.get("RNN_VIZ_CACHE") or Path.home() / ".cache" / "rnn_viz")
