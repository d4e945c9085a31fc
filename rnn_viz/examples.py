"""The example reviews of ``assets/examples.json``, written for the app."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_PATH = Path(__file__).resolve().parent.parent / "assets" / "examples.json"


@dataclass(frozen=True)
class Example:
    """A short review written for the app, with what to look for in its trace."""

    title: str
    text: str
    look_for: str


def load_examples(path: str | os.PathLike = EXAMPLES_PATH) -> list[Example]:
    data = json.loads(Path(path).read_text("utf-8"))
    return [Example(e["title"], e["text"], e["look_for"]) for e in data["examples"]]
