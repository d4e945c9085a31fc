"""What the user's own datasets (``table``, ``folders``) share: text decoded strictly,
labels named and sorted, checked, and split into train and test.

A dataset without a split of its own is split with scikit-learn's
``train_test_split(stratify=labels, test_size=TEST_SIZE, random_state=seed)``, each
split kept in the source's order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from rnn_viz.datasets.base import SPLITS, DatasetContent, LabelledTexts, Texts
from rnn_viz.datasets.errors import DatasetFormatError, DatasetLabelError

#: The share of examples held out for test when a dataset has no split of its own.
TEST_SIZE = 0.2
_WHOLE = re.compile(r"[+-]?\d+")


def decode_text(raw: bytes, shown: str) -> str:
    """Bytes read as UTF-8, strictly (a byte-order mark is dropped).

    Args:
        raw: the file's bytes.
        shown: the file's name in messages.

    Returns:
        The text.

    Raises:
        DatasetFormatError: a byte that is not UTF-8 (the message gives its offset and line).
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DatasetFormatError(
            f"{shown} is not UTF-8 text: byte {err.start:,} (line {line}) is "
            f"0x{raw[err.start]:02x}. Save it as UTF-8 and try again."
        ) from None


def label_name(value: str | int) -> str:
    """A label as the dataset names it: a whole number written plainly (``"07"`` and
    ``7`` are ``"7"``), any other text stripped of surrounding spaces.

    Args:
        value: the label as read.

    Returns:
        Its name.
    """
    text = str(value).strip()
    return str(int(text)) if _WHOLE.fullmatch(text) else text


def sort_label_names(names: Iterable[str]) -> tuple[str, ...]:
    """Label names in id order: numerically when every one is a whole number, else
    alphabetically.

    Args:
        names: the names (repeats allowed).

    Returns:
        The distinct names, sorted; index = label id.
    """
    distinct = set(names)
    if all(_WHOLE.fullmatch(n) for n in distinct):
        return tuple(sorted(distinct, key=int))
    return tuple(sorted(distinct))


def labelled_content(
    texts: Sequence[str],
    labels: Sequence[str],
    splits: Sequence[str] | None,
    metadata: dict[str, np.ndarray],
    seed: int,
    shown: str,
    hint: str,
) -> DatasetContent:
    """A dataset's content from its examples, whole or an error.

    Args:
        texts: the ``n`` texts, in the source's order.
        labels: their label names (``label_name``).
        splits: ``"train"`` or ``"test"`` per example; None: split here (stratified,
            ``TEST_SIZE``, ``random_state=seed``).
        metadata: name → ``(n,)`` array kept per example.
        seed: ``random_state`` of the split.
        shown: the dataset's name in messages.
        hint: how the user gives a split of their own (said when one is too small).

    Returns:
        The content: label names sorted (``sort_label_names``), each split in the
        source's order.

    Raises:
        DatasetLabelError: one class only, or a class with too few examples to split.
        DatasetFormatError: a split with no example.
    """
    names = sort_label_names(labels)
    if len(names) < 2:
        raise DatasetLabelError(
            f"{shown} holds one class only ({names[0] if names else 'none'!r}): a classifier "
            "needs at least two."
        )
    ids = {name: i for i, name in enumerate(names)}
    y = np.array([ids[name] for name in labels], np.int32)
    if splits is None:
        counts = np.bincount(y, minlength=len(names))
        rare = int(np.argmin(counts))
        if counts[rare] < 2:
            raise DatasetLabelError(
                f"{shown}: class {names[rare]!r} has {counts[rare]} example; each class needs "
                f"at least 2 to be split into train and test, or {hint}."
            )
        from sklearn.model_selection import train_test_split

        try:
            train, test = train_test_split(
                np.arange(len(y)), test_size=TEST_SIZE, stratify=y, random_state=seed
            )
        except ValueError:
            raise DatasetLabelError(
                f"{shown}: its {len(y)} examples are too few to hold every one of its "
                f"{len(names)} classes in both train and test ({TEST_SIZE:.0%} for test); "
                f"add examples, or {hint}."
            ) from None
        rows = {"train": np.sort(train), "test": np.sort(test)}
    else:
        where = np.array(splits)
        rows = {split: np.flatnonzero(where == split) for split in SPLITS}
        for split, found in rows.items():
            if not len(found):
                raise DatasetFormatError(f"{shown} has no {split} examples.")
    return DatasetContent(
        names,
        {
            split: LabelledTexts(
                texts=Texts.of([texts[i] for i in found]),
                labels=y[found],
                metadata={k: v[found] for k, v in metadata.items()},
            )
            for split, found in rows.items()
        },
    )
