"""rnn_viz.core.files: atomic writes that raise with the OS reason, the one cache-or-compute
step, the content identity of files, CSV through the csv module."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

import numpy as np
import pytest

from rnn_viz.core import files
from rnn_viz.core.errors import RnnVizError


def test_write_atomic_writes_the_whole_file(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    files.write_atomic(target, lambda tmp: tmp.write_text("all of it"))
    assert target.read_text() == "all of it"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_write_atomic_raises_a_typed_error_with_the_os_reason(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(files.WriteError) as caught:
        files.write_atomic(blocker / "out.txt", lambda tmp: tmp.write_text("x"))
    err = caught.value
    assert isinstance(err, RnnVizError) and isinstance(err, OSError)
    assert err.path == blocker / "out.txt"
    assert err.reason in str(err) and err.reason  # e.g. "Not a directory"
    assert blocker.read_text() == "not a folder"


def test_write_atomic_keeps_the_old_file_when_the_writer_fails(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def fail(tmp):
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(files.WriteError, match="No space left on device"):
        files.write_atomic(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_interrupt_while_writing_leaves_nothing(tmp_path):
    def write(tmp):
        tmp.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(tmp_path / "x.json", write)
    assert list(tmp_path.iterdir()) == []


def _json_cache(path, compute):
    return files.cached(
        path,
        compute,
        lambda p: float(p.read_text()),
        lambda value, tmp: tmp.write_text(repr(value)),
    )


def test_cached_computes_once_then_reads_the_file(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return 0.5

    path = tmp_path / "c" / "v.txt"
    assert _json_cache(path, compute) == 0.5
    assert _json_cache(path, compute) == 0.5
    assert len(calls) == 1 and path.read_text() == "0.5"
    assert _json_cache(None, compute) == 0.5 and len(calls) == 2  # no path: no cache


def test_cached_recomputes_over_an_unreadable_file(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("garbage")
    assert _json_cache(path, lambda: 0.25) == 0.25
    assert path.read_text() == "0.25"


def test_cached_returns_the_result_when_the_cache_cannot_be_written(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    assert _json_cache(blocker / "v.txt", lambda: 0.75) == 0.75


def test_file_digest_is_the_content_and_follows_a_rewrite(tmp_path):
    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"weights v1")
    b.write_bytes(b"weights v1")
    assert files.file_digest(a) == files.file_digest(b) == hashlib.sha1(b"weights v1").hexdigest()
    first = files.file_digest(a)
    tmp = tmp_path / "new.bin"
    tmp.write_bytes(b"weights v2")
    os.replace(tmp, a)  # how models are saved: a new file renamed over the old
    assert files.file_digest(a) != first
    assert files.file_digest(a) == hashlib.sha1(b"weights v2").hexdigest()
    with pytest.raises(OSError):
        files.file_digest(tmp_path / "missing")


def test_file_digest_remembers_a_bounded_number_of_files_least_recent_out(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "DIGEST_CACHE_SIZE", 3)
    monkeypatch.setattr(files, "_DIGESTS", type(files._DIGESTS)())
    paths = [tmp_path / f"{k}.bin" for k in range(5)]
    for k, path in enumerate(paths):
        path.write_bytes(bytes([k]))
    for path in paths[:3]:
        files.file_digest(path)
    files.file_digest(paths[0])  # now the most recent: it stays
    for path in paths[3:]:
        files.file_digest(path)
    remembered = {Path(key[0]).name for key in files._DIGESTS}
    assert remembered == {"0.bin", "3.bin", "4.bin"}
    assert files.file_digest(paths[1]) == hashlib.sha1(bytes([1])).hexdigest()
    assert len(files._DIGESTS) == 3


def test_csv_text_quotes_what_needs_it_and_reads_back():
    rows = [
        ["a,b", 'say "hi"', "two\nlines", "carriage\rreturn", 0.123456789, None, 3],
        ["plain", "", "x", "y", np.float32(2.5), "", -1],
    ]
    text = files.csv_text(["c1", "c2", "c3", "c4", "f", "none", "i"], rows)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["c1", "c2", "c3", "c4", "f", "none", "i"]
    assert back[1] == ["a,b", 'say "hi"', "two\nlines", "carriage\rreturn", "0.1234568", "", "3"]
    assert back[2] == ["plain", "", "x", "y", "2.5", "", "-1"]
