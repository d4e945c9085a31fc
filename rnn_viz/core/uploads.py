"""Uploaded model files: a ``.keras`` file or a zipped model folder becomes a model folder.

Uploads are untrusted. Every archive (the zip of a folder, and the ``.keras`` file,
which is a zip too) is read member by member, in chunks, under ``LIMITS``: the size
each member declares *and* the bytes actually read, the total, the number of
members and the compression ratio. A model is built in a hidden folder that is
removed on any failure, so a refused upload leaves nothing on disk; the folder is
published only once the model has loaded and been validated.

Every upload lives under one root, ``upload_root()`` (``cache_dir()/uploads``), in
one folder per browser session; ``sweep_uploads`` removes the folders of sessions the
server has dropped, and any folder untouched for ``LIMITS.keep_s``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rnn_viz.core import files
from rnn_viz.core.capture import Note
from rnn_viz.core.files import cache_dir
from rnn_viz.core.models import (
    ModelError,
    load_keras_model,
    load_model_dir,
    reads_raw_text,
    shipped_models,
)
from rnn_viz.core.text import Vocabulary

MiB = 1 << 20


@dataclass(frozen=True)
class UploadLimits:
    """What an upload may hold; anything beyond is refused before it is written.

    Attributes:
        upload_bytes: the uploaded file itself.
        member_bytes: one member of an archive (declared and actually read).
        total_bytes: all members of an archive together (declared and actually read).
        members: entries in an archive (folders included).
        dataset_members: entries in a zipped dataset of label folders (one file per
            text, ``datasets.folders``), folders included.
        ratio: uncompressed / compressed bytes of a member larger than ``ratio_floor``.
        ratio_floor: members up to this size are not ratio-checked (small JSON files
            compress well).
        keep_s: seconds an upload folder is kept after its session last used it.
    """

    upload_bytes: int = 100 * MiB
    member_bytes: int = 100 * MiB
    total_bytes: int = 200 * MiB
    members: int = 64
    dataset_members: int = 100_000
    ratio: float = 50.0
    ratio_floor: int = 1 * MiB
    keep_s: float = 24 * 3600.0


LIMITS = UploadLimits()
#: The files a model folder may hold; only these names are ever written.
FOLDER_FILES = ("model.keras", "vocab.json", "history.json", "metrics.json", "config.json")
_CHUNK = 1 << 16


class UploadError(ModelError):
    """An upload that is refused; the message names the user's file, never a server path."""


def upload_root() -> Path:
    """The one folder holding every upload.

    Returns:
        ``cache_dir()/uploads`` (not created here).
    """
    return cache_dir() / "uploads"


_OWNER = ".session"  # "<server process id> <session id>" of the session that made it


def session_folder(session: str) -> Path:
    """The folder of one browser session's uploads (created, marked with this server
    process and the session), touched so that ``sweep_uploads`` keeps it while the
    session uses it.

    Args:
        session: the session's id (any text; the folder is named by its digest).

    Returns:
        ``upload_root()/<sha1 of session>``.
    """
    folder = upload_root() / hashlib.sha1(session.encode()).hexdigest()[:32]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _OWNER).write_text(f"{os.getpid()} {session}", "utf-8")
    os.utime(folder)
    return folder


def sweep_uploads(
    max_age_s: float | None = None, ended: Callable[[str], bool] | None = None
) -> list[Path]:
    """Remove the upload folders of sessions that are over.

    A folder goes when its session has not used it for ``max_age_s`` (default
    ``LIMITS.keep_s``), whichever process made it; or, when ``ended`` is given, when
    this process made it and ``ended(session id)`` says the session is gone.

    Args:
        max_age_s: seconds since the session last used its folder.
        ended: ``ended(session_id) -> bool``, from the server that holds the sessions.

    Returns:
        The folders removed.
    """
    max_age_s = LIMITS.keep_s if max_age_s is None else max_age_s
    root, now = upload_root(), time.time()
    removed: list[Path] = []
    try:
        folders = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return removed
    for folder in folders:
        try:
            stale = now - folder.stat().st_mtime > max_age_s
            if not stale and ended is not None:
                pid, _, session = (folder / _OWNER).read_text("utf-8").partition(" ")
                stale = pid == str(os.getpid()) and ended(session)
        except OSError:
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _input_spec(model) -> tuple[int | None, int | None]:
    """``(vocabulary size the embedding accepts, sequence length)`` of a Keras model."""
    import keras

    emb = next((layer for layer in model.layers if isinstance(layer, keras.layers.Embedding)), None)
    return (int(emb.input_dim) if emb is not None else None), model.inputs[0].shape[1]


def safe_name(filename: str) -> str:
    """A model name made from an uploaded file's name.

    Args:
        filename: the user's file name.

    Returns:
        Its stem with every character but letters, digits and ``_.-`` replaced by
        ``_``, at most 40 characters; ``"uploaded"`` when nothing is left.
    """
    return re.sub(r"[^A-Za-z0-9_.-]", "_", Path(filename).stem)[:40] or "uploaded"


def shown_name(filename: str) -> str:
    """The user's file name as messages show it.

    Args:
        filename: the name the browser sent (may hold a path, either slash).

    Returns:
        Its last part, printable characters only, at most 80 of them.
    """
    name = Path(str(filename).replace("\\", "/")).name
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return (name[:77] + "…") if len(name) > 80 else (name or "the upload")


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, budget: list[int], out=None
) -> None:
    """Stream one member through the limits, writing it to ``out`` when given.

    ``budget[0]`` is what the archive may still hold; it is lowered by what was read.
    """
    if info.file_size > LIMITS.member_bytes:
        raise UploadError(
            f"{shown}: {info.filename!r} declares {info.file_size / MiB:.0f} MB, "
            f"over the {LIMITS.member_bytes / MiB:.0f} MB limit per file."
        )
    read = 0
    with archive.open(info) as src:
        while chunk := src.read(_CHUNK):
            read += len(chunk)
            if read > info.file_size:  # the header lied about the size
                raise UploadError(f"{shown}: {info.filename!r} holds more than it declares.")
            if read > budget[0]:
                raise UploadError(
                    f"{shown} unpacks to more than {LIMITS.total_bytes / MiB:.0f} MB, the limit."
                )
            if read > LIMITS.ratio_floor and read > LIMITS.ratio * max(info.compress_size, 1):
                raise UploadError(
                    f"{shown}: {info.filename!r} is compressed more than "
                    f"{LIMITS.ratio:.0f} to 1, like an archive bomb; refused."
                )
            if out is not None:
                out.write(chunk)
    budget[0] -= read


def check_archive(
    source: bytes | str | os.PathLike, shown: str, members: int | None = None
) -> zipfile.ZipFile:
    """Open a zip (a path or bytes) and read every member through the limits.

    Args:
        source: a path, or the archive's bytes.
        shown: the user's name for it in messages.
        members: the most entries it may hold (default ``LIMITS.members``).

    Returns:
        The open ``ZipFile`` (close it), every member checked.

    Raises:
        UploadError: not a zip, damaged, or over a limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError(
            f"{shown} is not a Keras model (.keras) nor a zip of a model folder."
        ) from None
    try:
        infos = archive.infolist()
        most = LIMITS.members if members is None else members
        if len(infos) > most:
            raise UploadError(f"{shown} holds {len(infos)} entries, over the limit of {most}.")
        if sum(i.file_size for i in infos) > LIMITS.total_bytes:
            raise UploadError(
                f"{shown} unpacks to more than {LIMITS.total_bytes / MiB:.0f} MB, the limit."
            )
        budget = [LIMITS.total_bytes]
        for info in infos:
            if not info.is_dir():
                _read_member(archive, info, shown, budget)
    except UploadError:
        archive.close()
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as err:
        archive.close()
        raise UploadError(
            f"{shown} is a damaged or unsupported zip archive ({err.__class__.__name__})."
        ) from None
    return archive


def read_archive(
    source: bytes | str | os.PathLike, shown: str, members: int | None = None
) -> dict[str, bytes | None]:
    """Every entry of a zip, its files read member by member through the limits
    (``check_archive``).

    Args:
        source: a path, or the archive's bytes.
        shown: the user's name for it in messages.
        members: the most entries it may hold (default ``LIMITS.members``).

    Returns:
        Member name (as the archive spells it) → its bytes, None for a folder.

    Raises:
        UploadError: not a zip, damaged, or over a limit.
    """
    with check_archive(source, shown, members) as archive:
        budget = [LIMITS.total_bytes]
        read: dict[str, bytes | None] = {}
        try:
            for info in archive.infolist():
                read[info.filename] = None
                if not info.is_dir():
                    out = io.BytesIO()
                    _read_member(archive, info, shown, budget, out)
                    read[info.filename] = out.getvalue()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as err:
            raise UploadError(
                f"{shown} is a damaged or unsupported zip archive ({err.__class__.__name__})."
            ) from None
    return read


def _extract_folder(archive: zipfile.ZipFile, shown: str, dest: Path) -> None:
    """Write the model-folder files of ``archive`` into ``dest`` (known names only,
    never the archive's paths), streamed under the limits."""
    files = {}
    for info in archive.infolist():
        name = Path(info.filename.replace("\\", "/")).name
        if not info.is_dir() and name in FOLDER_FILES:
            if name in files:
                raise UploadError(f"{shown} holds more than one {name}: zip one model folder.")
            files[name] = info
    budget = [LIMITS.total_bytes]
    for name, info in files.items():
        with open(dest / name, "wb") as out:
            _read_member(archive, info, shown, budget, out)
    if "vocab.json" not in files and not reads_raw_text(dest / "model.keras"):
        raise UploadError(f"{shown} holds model.keras but no vocab.json.")


def _borrow_vocabulary(model_file: Path, shown: str, dest: Path) -> tuple[str, Note]:
    """Give a bare ``.keras`` model the vocabulary of a shipped model that fits it.

    Returns:
        ``(shipped model name, note)``; the note says which (``pkg.upload.borrowed``).
    """
    model = load_keras_model(model_file, shown)
    input_dim, seq_len = _input_spec(model)
    for name, path in shipped_models().items():
        try:
            vocab = Vocabulary.load(path / "vocab.json")
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if input_dim is not None and len(vocab) <= input_dim and seq_len in (None, vocab.maxlen):
            vocab.save(dest / "vocab.json")
            return name, Note(
                "pkg.upload.borrowed", {"shown": shown, "name": name, "words": len(vocab)}
            )
    raise UploadError(
        f"{shown} has no vocabulary, and no shipped vocabulary fits it "
        f"(its embedding reads {input_dim} word ids over {seq_len} steps). "
        "Upload a zip of the model folder (model.keras + vocab.json) instead."
    )


def _stored_note(config: Any) -> Note | None:
    """The note ``import_upload`` kept in a folder's ``config.json`` (a catalogue key and
    its values), or None."""
    note = config.get("note") if isinstance(config, dict) else None
    if isinstance(note, dict) and isinstance(note.get("key"), str):
        return Note(note["key"], dict(note.get("params") or {}))
    return None


def keep_dataset_upload(filename: str, data: bytes, dest_root: Path) -> Path:
    """Keep an uploaded dataset file (a table or a ``.zip`` of label folders) in a
    session's upload folder, as it is; it is read (and checked) as a dataset later.

    Args:
        filename: the user's file name (its stem made safe, its suffix kept).
        data: the file's bytes.
        dest_root: the session's upload folder (``session_folder``).

    Returns:
        ``dest_root/datasets/<digest>/<name>``: the same file uploaded twice is kept once.

    Raises:
        UploadError: over ``LIMITS.upload_bytes``, or it could not be stored.
    """
    return _keep_by_digest(filename, data, Path(dest_root) / "datasets")


#: The folder, in the user's models folder, of the uploaded datasets models were trained
#: on (hidden: never listed as a model, never swept as a stale work folder).
TRAINED_DATASETS = ".datasets"


def keep_trained_dataset(filename: str, data: bytes, models_dir: Path) -> Path:
    """Keep an uploaded dataset a model is trained on with the user's models, so the
    model finds it after the session's upload folder is swept. Every model trained on
    the same file shares one copy.

    Args:
        filename: the user's file name (its stem made safe, its suffix kept).
        data: the file's bytes.
        models_dir: the user's models folder (``models.user_models_dir()``).

    Returns:
        ``models_dir/.datasets/<digest>/<name>``, written atomically.

    Raises:
        UploadError: over ``LIMITS.upload_bytes``, or it could not be stored.
    """
    return _keep_by_digest(filename, data, Path(models_dir) / TRAINED_DATASETS)


def _keep_by_digest(filename: str, data: bytes, folder: Path) -> Path:
    """``folder/<content digest>/<safe name>``, written atomically once (``UploadError``
    over the limit or when it cannot be written)."""
    shown = shown_name(filename)
    if len(data) > LIMITS.upload_bytes:
        raise UploadError(
            f"{shown} is {len(data) / MiB:.0f} MB, over the "
            f"{LIMITS.upload_bytes / MiB:.0f} MB limit."
        )
    suffix = re.sub(r"[^a-z0-9.]", "", Path(filename).suffix.lower())
    path = folder / hashlib.sha256(data).hexdigest()[:16] / (safe_name(filename) + suffix)
    if not path.exists():
        try:
            files.write_atomic(path, lambda tmp: tmp.write_bytes(data))
        except OSError as err:
            raise UploadError(_not_stored(shown, err)) from None
    return path


def _not_stored(shown: str, err: OSError) -> str:
    """Why an upload the server could not write (full disk, permissions) is refused."""
    return f"{shown} could not be stored on the server: {err.strerror or err.__class__.__name__}."


def import_upload(filename: str, data: bytes, dest_root: Path) -> tuple[Path, Note | None]:
    """Turn an uploaded file into a validated model folder under ``dest_root``.

    Accepts a ``.keras`` file, or a ``.zip`` of a model folder (``model.keras`` and
    ``vocab.json``, optionally ``history.json``, ``metrics.json``, ``config.json``).
    A bare ``.keras`` file borrows the vocabulary of a shipped model whose size fits
    its embedding and whose length fits its input (the note says which; it is kept as a
    catalogue key and its values, in ``config.json`` too, and worded when shown), unless its
    own ``TextVectorization`` reads raw text (then neither it nor a zip needs ``vocab.json``).
    Archives are checked under ``LIMITS``; the model is loaded in Keras' safe mode and
    validated by ``load_model_dir``. The folder is named by the upload's digest, so
    the same file uploaded twice is imported once.

    Args:
        filename: the user's file name (only shown in messages and used for the name).
        data: the file's bytes.
        dest_root: the session's upload folder (``session_folder``).

    Returns:
        ``(folder, note)``: the model folder and a sentence about it (None when none).

    Raises:
        UploadError: the upload is refused; the message names ``filename``, never a
            server path. Nothing is left on disk.
    """
    shown = shown_name(filename)
    if len(data) > LIMITS.upload_bytes:
        raise UploadError(
            f"{shown} is {len(data) / MiB:.0f} MB, over the "
            f"{LIMITS.upload_bytes / MiB:.0f} MB limit."
        )
    dest_root = Path(dest_root)
    folder = dest_root / hashlib.sha256(data).hexdigest()[:16]
    if (folder / "model.keras").exists():
        return folder, _stored_note(json.loads((folder / "config.json").read_text("utf-8")))
    dest_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".upload.", suffix=".partial", dir=dest_root))
    try:
        with check_archive(data, shown) as archive:
            names = {Path(n.replace("\\", "/")).name for n in archive.namelist()}
            is_folder = "model.keras" in names
            if is_folder:
                _extract_folder(archive, shown, tmp)
        config: dict[str, Any] = {}
        note: Note | None = None
        if is_folder:
            check_archive(tmp / "model.keras", f"{shown} (model.keras)").close()
            try:
                config = json.loads((tmp / "config.json").read_text("utf-8"))
            except (OSError, ValueError):
                config = {}
            config = config if isinstance(config, dict) else {}
        else:
            (tmp / "model.keras").write_bytes(data)
            if not reads_raw_text(tmp / "model.keras"):  # else its TextVectorization's words
                vocab_from, note = _borrow_vocabulary(tmp / "model.keras", shown, tmp)
                config = {"vocab_from": vocab_from}
        config.update(name=safe_name(filename), uploaded_from=shown)
        config.pop("note", None)  # only ours is kept: a zipped folder's own is not trusted
        if note is not None:
            config["note"] = {"key": note.key, "params": note.params}
        (tmp / "config.json").write_text(json.dumps(config, indent=1), "utf-8")
        load_model_dir(tmp, shown_as=shown)  # safe mode and validation; ModelError says why
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, folder)
        except OSError as err:  # fine when the same file was imported meanwhile
            if not (folder / "model.keras").exists():
                raise UploadError(_not_stored(shown, err)) from None
    except UploadError:
        raise
    except ModelError as err:
        raise UploadError(str(err).replace(str(tmp), shown)) from None
    except OSError as err:
        raise UploadError(_not_stored(shown, err)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder, note
