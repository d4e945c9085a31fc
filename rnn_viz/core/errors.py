"""The errors rnn-viz raises on purpose.

Every one subclasses ``RnnVizError`` and carries a message written for the user (one or
two sentences, no traceback needed), so the app catches ``RnnVizError`` in one place per
page and shows its text, and the CLI prints it as one ``error:`` line.
"""


class RnnVizError(Exception):
    """Base of the errors rnn-viz raises on purpose; ``str(err)`` is a sentence for the user."""
