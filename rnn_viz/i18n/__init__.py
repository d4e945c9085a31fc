"""The app's words in English and Korean: one catalogue per language and ``t``.

The catalogues are plain dicts (``en.TEXT``, ``ko.TEXT``) from a dotted key
(``"home.title"``) to a string that may hold ``str.format`` placeholders. ``t`` looks a
key up in the current language, set per Streamlit script run by
``rnn_viz.app.language.language_switch`` (a context variable, so sessions never share it)
or explicitly with ``use_language``; without either it is English. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from rnn_viz.i18n import en, ko

#: Language code -> the name shown in the language switch (in that language).
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT = "en"
CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXT, "ko": ko.TEXT}
#: What ``t`` returns for a key no catalogue holds (tests look for it on every page).
MISSING = "⟦{key}⟧"


@dataclass(frozen=True)
class Term:
    """One glossary row: the Korean and English term, its symbol, and the catalogue key
    of its one-line meaning."""

    ko: str
    en: str
    symbol: str
    meaning: str


#: The glossary page's rows, in the order a course introduces them.
GLOSSARY: tuple[Term, ...] = (
    Term("은닉 상태", "hidden state", "h", "glossary.hidden_state"),
    Term("셀 상태", "cell state", "c", "glossary.cell_state"),
    Term("망각 게이트", "forget gate", "f", "glossary.forget_gate"),
    Term("입력 게이트", "input gate", "i", "glossary.input_gate"),
    Term("출력 게이트", "output gate", "o", "glossary.output_gate"),
    Term("후보 상태", "candidate", "c̃ (LSTM), h̃ (GRU)", "glossary.candidate"),
    Term("리셋 게이트", "reset gate", "r", "glossary.reset_gate"),
    Term("업데이트 게이트", "update gate", "z", "glossary.update_gate"),
    Term("시그모이드", "sigmoid", "σ", "glossary.sigmoid"),
    Term("하이퍼볼릭 탄젠트", "hyperbolic tangent", "tanh", "glossary.tanh"),
    Term("임베딩", "embedding", "x", "glossary.embedding"),
    Term("타임스텝", "time step", "t", "glossary.time_step"),
    Term("유닛", "unit", "", "glossary.unit"),
    Term("어휘에 없는 단어", "out-of-vocabulary word", "[UNK]", "glossary.oov"),
    Term("패딩", "padding", "", "glossary.padding"),
    Term("포화", "saturation", "", "glossary.saturation"),
    Term("긍정 확률", "probability of positive", "p(positive)", "glossary.readout"),
)

_current: contextvars.ContextVar[str] = contextvars.ContextVar("rnn_viz_lang", default=DEFAULT)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")


def normalise(code: str | None) -> str | None:
    """The app's language for a language code.

    Args:
        code: a code such as ``"ko-KR"`` or ``"EN"`` (a browser's, a URL's), or None.

    Returns:
        ``"ko"`` or ``"en"``; None for an unknown or missing code.
    """
    if not code:
        return None
    base = str(code).strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def current_language() -> str:
    """The language ``t`` uses now.

    Returns:
        ``"en"`` or ``"ko"``.
    """
    return _current.get()


def _known(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(LANGUAGES)}")
    return lang


def set_language(lang: str) -> None:
    """Make a language the current one of this thread's context.

    Args:
        lang: ``"en"`` or ``"ko"``.

    Raises:
        ValueError: ``lang`` is not one of ``LANGUAGES``.
    """
    _current.set(_known(lang))


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """``with use_language("ko"): ...`` -> ``t`` speaks Korean inside the block.

    Args:
        lang: ``"en"`` or ``"ko"``.

    Raises:
        ValueError: ``lang`` is not one of ``LANGUAGES``.
    """
    token = _current.set(_known(lang))
    try:
        yield
    finally:
        _current.reset(token)


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """A catalogue text, formatted with ``fmt`` (the text's ``str.format`` fields).

    Args:
        key: the dotted key (``"home.title"``).
        lang: ``"en"`` or ``"ko"``; default the current language.

    Returns:
        The text; ``MISSING`` for a key the catalogue lacks (never an exception, so a
        page still shows; tests check that no page shows one).
    """
    text = CATALOGUES[lang or current_language()].get(key)
    if text is None:
        return MISSING.format(key=key)
    return text.format(**fmt) if fmt else text


def placeholders(text: str) -> set[str]:
    """The ``str.format`` field names of a text.

    Args:
        text: a catalogue text.

    Returns:
        Its field names (``"{n:,} words"`` -> ``{"n"}``).
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def error_text(err: BaseException, lang: str | None = None) -> str:
    """A sentence for a typed rnn-viz error in ``lang``: in English the error's own
    message; in Korean the sentence of the nearest error class the catalogue knows
    (``"error.DatasetNotFoundError"``), followed by the English message as its detail
    (it names files, shapes and words: data, not prose). An error naming its dataset
    (``DatasetError.dataset``) gets the class's ``.named`` sentence, worded with that
    name, where the catalogue has one. An error class the catalogue
    does not know keeps its English message; an error whose message is its class's own
    catalogue sentence (``NoReadableWordError``) is that sentence in ``lang``, alone.

    Args:
        err: the error.
        lang: ``"en"`` or ``"ko"``; default the current language.

    Returns:
        The sentence to show.
    """
    lang = lang or current_language()
    detail = str(err)
    if lang == "en":
        return detail
    named = getattr(err, "dataset", "")
    for cls in type(err).__mro__:
        key = f"error.{cls.__name__}"
        if key in CATALOGUES[lang]:
            if detail == CATALOGUES[DEFAULT].get(key):  # the class's own sentence: no detail
                return CATALOGUES[lang][key]
            sentence = CATALOGUES[lang][key]
            if named and f"{key}.named" in CATALOGUES[lang]:
                sentence = t(f"{key}.named", lang, dataset=named)
            return (
                t("error.with_detail", lang, sentence=sentence, detail=detail)
                if detail
                else sentence
            )
    return detail


def is_korean_text(text: str) -> bool:
    """Whether a text is written in Korean.

    Args:
        text: any text (a typed review).

    Returns:
        True when it holds Hangul and no fewer Hangul than Latin letters (an English
        review quoting one Korean word stays English).
    """
    hangul = len(_HANGUL.findall(text))
    return hangul > 0 and hangul >= len(_LATIN.findall(text))


def english_sentences(min_words: int = 4) -> list[str]:
    """The English catalogue's UI sentences with at least ``min_words`` words and no
    placeholders, with Markdown emphasis removed: text that must not appear on a page
    shown in Korean (the browser test looks for each).

    Args:
        min_words: the fewest words a sentence needs to count.

    Returns:
        The sentences, sorted, without duplicates.
    """
    out = []
    for text in en.TEXT.values():
        if placeholders(text) or "\\" in text:
            continue
        for line in re.split(r"(?<=[.:;!?])\s+|\n", text):
            line = re.sub(r"[*_`>]", "", line).strip(" -")
            if len(line.split()) >= min_words:
                out.append(line)
    return sorted(set(out))


def label_text(name: str, lang: str | None = None) -> str:
    """A label's name as the reader sees it.

    Args:
        name: a dataset's name of the label (``"positive"``).
        lang: ``"en"`` or ``"ko"``; default the current language.

    Returns:
        The catalogue's ``dataset.label.<name>`` when it has one, else ``name`` itself.
    """
    key = f"dataset.label.{name}"
    return t(key, lang) if key in CATALOGUES[lang or current_language()] else name
