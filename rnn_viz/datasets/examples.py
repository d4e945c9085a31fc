"""The example reviews of ``assets/examples.json``, written for the app."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_PATH = Path(__file__).resolve().parents[2] / "assets" / "examples.json"


@dataclass(frozen=True)
class Example:
    """A short review written for the app, with what to look for in its trace."""

    title: str
    text: str
    look_for: str
    title_ko: str = ""
    look_for_ko: str = ""

    def title_in(self, lang: str) -> str:
        """The title shown in a language; ``title`` stays the id.

        Args:
            lang: ``"en"`` or ``"ko"``.

        Returns:
            The Korean title in Korean when there is one, else the English.
        """
        return self.title_ko if lang == "ko" and self.title_ko else self.title

    def look_for_in(self, lang: str) -> str:
        """What to look for in the example's trace, in a language.

        Args:
            lang: ``"en"`` or ``"ko"``.

        Returns:
            The Korean note in Korean when there is one, else the English.
        """
        return self.look_for_ko if lang == "ko" and self.look_for_ko else self.look_for


def load_examples(path: str | os.PathLike = EXAMPLES_PATH) -> list[Example]:
    """The example reviews of a JSON file (``{"examples": [{"title", "text", "look_for",
    "title_ko"?, "look_for_ko"?}]}``).

    Args:
        path: the file; by default the app's ``assets/examples.json``.

    Returns:
        The examples, in the file's order.
    """
    data = json.loads(Path(path).read_text("utf-8"))
    return [
        Example(
            e["title"], e["text"], e["look_for"], e.get("title_ko", ""), e.get("look_for_ko", "")
        )
        for e in data["examples"]
    ]
