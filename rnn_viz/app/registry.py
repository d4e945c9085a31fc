"""Every model the app can open: shipped, trained by the user, or uploaded in this session.

A ``ModelEntry`` names a model folder and the source it came from; its ``stamp``
keys the caches so a retrained folder reloads. A folder that is plainly broken (no
``model.keras``, or a missing or invalid ``vocab.json``) is still listed, with its
``problem``, so the pages say why instead of failing. Turning an uploaded file into a
model folder lives in ``uploads.py``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from rnn_viz.core import files
from rnn_viz.core.capture import Note
from rnn_viz.core.models import (
    model_folder_problem,
    shipped_models,
    sweep_stale,
    user_models,
    user_models_dir,
)
from rnn_viz.i18n import t

SOURCES = ("shipped", "user", "uploaded")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class ModelEntry:
    """A model the app can load. ``label`` is unique and shown in the pickers;
    ``stamp`` (``files.model_stamp``: the model file's content digest) keys caches so a
    retrained folder reloads; ``note`` (an upload's, e.g. the vocabulary it borrowed) is
    a catalogue key and its values, worded in the reader's language when shown."""

    label: str
    name: str
    source: str  # "shipped", "user" or "uploaded"
    path: Path
    stamp: str
    note: Note | None = field(default=None, hash=False)
    problem: str = ""  # catalogue key of why the folder cannot be opened ("" when fine)

    @property
    def broken(self) -> bool:
        """Whether the folder cannot be opened (``problem`` says why)."""
        return bool(self.problem)

    @property
    def why(self) -> str:
        """Why the folder cannot be opened, in the current language ("" when it can)."""
        return t(self.problem) if self.problem else ""


@functools.lru_cache(maxsize=256)
def _problem(folder: Path, stamps: tuple[int, ...]) -> str:
    return model_folder_problem(folder)


def folder_problem(folder: Path) -> str:
    """``models.model_folder_problem``, re-checked only when the folder's files change.

    Args:
        folder: a model folder.

    Returns:
        The catalogue key of why it cannot be opened, or ``""``.
    """
    stamps = []
    for name in ("model.keras", "vocab.json"):
        try:
            stamps.append((folder / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(0)
    return _problem(Path(folder), tuple(stamps))


def available_models(
    uploaded: dict[str, tuple[Path, Note | None]] | None = None,
) -> dict[str, ModelEntry]:
    """All models, by label: shipped first, then the user's, then ``uploaded``.

    Broken folders are listed too, with their ``problem``. Stale work folders left
    in the user's models folder by killed runs are swept (``models.sweep_stale``).

    Args:
        uploaded: ``{name: (folder, note)}``, kept per browser session by the app;
            folders that no longer exist (swept) are left out.

    Returns:
        ``{label: ModelEntry}``.
    """
    sweep_stale(user_models_dir())
    out: dict[str, ModelEntry] = {}
    groups: list[tuple[str, dict[str, tuple[Path, Note | None]]]] = [
        ("shipped", {n: (p, None) for n, p in shipped_models().items()}),
        ("user", {n: (p, None) for n, p in user_models().items()}),
        (
            "uploaded",
            {n: (p, note) for n, (p, note) in (uploaded or {}).items() if Path(p).is_dir()},
        ),
    ]
    for source, models in groups:
        for name, (path, note) in models.items():
            label = f"{name} ({source})"
            out[label] = ModelEntry(
                label,
                name,
                source,
                Path(path),
                files.model_stamp(Path(path)),
                note,
                folder_problem(Path(path)),
            )
    return out


def check_new_model_name(name: str) -> str | None:
    """Whether ``name`` can name a newly trained model: a new model never replaces a
    shipped model nor an existing user model.

    Args:
        name: the name the user typed.

    Returns:
        Why it cannot, one sentence in the current language; None when it can.
    """
    if not _NAME.match(name or ""):
        return t("pkg.name.invalid")
    if name in shipped_models():
        return t("pkg.name.shipped", name=name)
    target = user_models_dir() / name
    if target.exists():
        return t("pkg.name.exists", target=target)
    return None
