"""The errors rnn-viz raises on purpose.

Every one subclasses ``RnnVizError`` and carries a message written for the user (one or
two sentences, no traceback needed), so the app catches ``RnnVizError`` in one place per
page and shows its text, and the CLI prints it as one ``error:`` line.
"""

from rnn_viz.i18n import t


class RnnVizError(Exception):
    """Base of the errors rnn-viz raises on purpose; ``str(err)`` is a sentence for the user."""


class NoReadableWordError(RnnVizError, ValueError):
    """A text with no word the model reads (empty, or only punctuation, symbols or emoji),
    refused by every analysis of one text (trace, what-if, attribution, memory, flips).

    ``str(err)`` is the catalogue's ``error.NoReadableWordError`` sentence in English;
    ``i18n.error_text`` words it in the reader's language.
    """

    def __init__(self) -> None:
        super().__init__(t("error.NoReadableWordError", "en"))

    def __reduce__(self) -> tuple[type, tuple]:
        """Pickle as the class alone (the app's caches pickle the errors they keep).

        Returns:
            ``(NoReadableWordError, ())``.
        """
        return (type(self), ())
