"""The app's words in English and Korean: one catalogue per language and ``t``.

The catalogues are plain dicts (``en.TEXT``, ``ko.TEXT``) from a dotted key
(``"home.title"``) to a string that may hold ``str.format`` placeholders, and two marks
``t`` resolves:

- ``{@nav.train}``: another key's text (a page's name as the sidebar shows it), so a
  sentence naming a page or quoting a widget's label cannot drift from it;
- ``{을/를}``, ``{이/가}``, ``{은/는}``, ``{과/와}``, ``{(으)로}``, ...: the Korean particle
  that fits the text just before it once the placeholders are filled
  (``"#{review}{을/를}"`` -> ``"#12를"``, ``"#13을"``; ``particle``).

``t`` looks a key up in the current language, set per Streamlit script run by
``rnn_viz.app.language.language_switch`` (a context variable, so sessions never share it)
or explicitly with ``use_language``; without either it is English. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

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
    of its one-line meaning. The Korean term is the one word the Korean catalogue uses for
    the concept; ``avoid`` holds the patterns (regular expressions) of the other words for
    it, which no Korean text may use (``tests/test_i18n.py`` checks every value)."""

    ko: str
    en: str
    symbol: str
    meaning: str
    avoid: tuple[str, ...] = field(default=())


#: The glossary page's rows, in the order a course introduces them; each Korean term is the
#: one the Korean catalogue uses for its concept, and ``avoid`` the words it must not use.
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
    Term(
        "스텝", "time step", "t", "glossary.time_step", (r"타임\s?스텝", r"시간 단계", r"학습 단계")
    ),
    Term("층 1, 층 2", "layer 1, layer 2", "", "glossary.layer", (r"[\d}]층", r"\d+번\s?층")),
    Term("유닛", "unit", "", "glossary.unit"),
    Term(
        "어휘에 없는 단어",
        "out-of-vocabulary word",
        "[UNK]",
        "glossary.oov",
        (r"알 수 없는 단어", r"모르는 단어", r"미지의 단어"),
    ),
    Term("패딩", "padding", "", "glossary.padding"),
    Term(
        "마스킹", "masking", "mask_zero", "glossary.masking", (r"가리기", r"가리[는고므]", r"가려")
    ),
    Term("포화", "saturation", "", "glossary.saturation"),
    Term("판정", "readout", "p(positive)", "glossary.readout", (r"판독", r"판단", r"출력:")),
    Term("기울기", "gradient", "∂p/∂e", "glossary.gradient", (r"그래디언트", r"그레이디언트")),
    Term(
        "적분 기울기",
        "integrated gradients",
        "",
        "glossary.integrated_gradients",
        (r"통합\s?(기울기|그래디언트)", r"적분\s?그래디언트", r"적분된 기울기"),
    ),
    Term("추적", "trace", "", "glossary.trace", (r"트레이스",)),
    Term("학습", "training", "", "glossary.training", (r"훈련",)),
    Term("수정", "edit", "", "glossary.edit", (r"편집",)),
)

#: Particle marks of the Korean catalogue -> (the form after a final consonant, the form
#: after a vowel). ``{(으)로}`` is the one pair whose short form also follows ㄹ.
_PAIRS: tuple[tuple[str, str], ...] = (
    ("을", "를"),
    ("이", "가"),
    ("은", "는"),
    ("과", "와"),
    ("으로", "로"),
    ("이나", "나"),
    ("이라는", "라는"),
    ("이라고", "라고"),
    ("이에요", "예요"),
    ("이며", "며"),
)
PARTICLES: dict[str, tuple[str, str]] = {
    **{f"{a}/{b}": (a, b) for a, b in _PAIRS},
    **{f"{b}/{a}": (a, b) for a, b in _PAIRS},
    "(으)로": ("으로", "로"),
}
_PARTICLE_MARK = re.compile(r"\{(" + "|".join(re.escape(m) for m in PARTICLES) + r")\}")
_REFERENCE = re.compile(r"\{@([\w.\- ]+)\}")
_MARK = "\ue000"  # stands for a particle mark while str.format fills the placeholders
#: How a digit is read at the end of a number (일, 이, 삼, ...), and how a number ending
#: in n zeros is read (십, 백, 천, 만, ...): the final consonant of that reading.
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"} | {
    d: "" for d in "2459"
}
_ZEROS_FINAL = ("", "ㅂ", "ㄱ", "ㄴ") + ("ㄴ",) * 4 + ("ㄱ",) * 4  # 십 백 천 만… 억…; 조: none
#: The Korean names of the Latin letters that end in a consonant (엘, 엠, 엔, 알).
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
_JONG = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_CLOSING = "\"'”’»」』*`_] \t\n"
_SYMBOL_FINAL = {"%": "", "σ": "", "℃": "", "°": ""}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("rnn_viz_lang", default=DEFAULT)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")


def _spoken_end(text: str) -> str:
    """``text`` without what is not read before a particle: closing quotes, brackets and
    emphasis, and a trailing parenthesis (``"B(gru)"`` is read ``B`` before its particle)."""
    while True:
        text = text.rstrip(_CLOSING)
        if not text.endswith(")"):
            return text
        depth, cut = 0, -1
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                cut = i
                break
        if cut <= 0 or not text[:cut].strip():
            return text[cut + 1 : -1] if cut >= 0 else text.rstrip(")")
        text = text[:cut]


def _number_final(number: str) -> str:
    """The final consonant of a number's Korean reading (``"25,000"`` 이만 오천 -> ㄴ)."""
    if "." in number:
        return _DIGIT_FINAL[number[-1]]  # 0.25 영 점 이오: the last digit, read alone
    digits = number.replace(",", "").lstrip("0")
    if not digits:
        return _DIGIT_FINAL["0"]  # 영
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINAL[digits[-1]]
    return _ZEROS_FINAL[zeros] if zeros < len(_ZEROS_FINAL) else ""


def _latin_final(word: str) -> str:
    """The final consonant of a Latin word as a Korean reader says it: an acronym
    (``LSTM``, ``SimpleRNN``, ``lstm``) by its last letter's name (엠, 엔), a word by its
    ending (``model`` 모델 -> ㄹ, ``king`` 킹 -> ㅇ; most endings are read with a vowel)."""
    tail = re.search(r"[A-Z]{2,}$", word)
    lower = word.lower()
    if tail or len(word) == 1 or not re.search(r"[aeiouy]", lower):
        return _LETTER_FINAL.get(lower[-1], "")
    if lower.endswith("ng"):
        return "ㅇ"
    if lower.endswith(("ck", "k")) and not lower.endswith("kk"):
        return "ㄱ"
    return {"m": "ㅁ", "n": "ㄴ", "l": "ㄹ", "p": "ㅂ"}.get(lower[-1], "")


def final_sound(text: str) -> str | None:
    """The final consonant (받침) of the last syllable a Korean reader says for ``text``.

    Hangul is read as written; a number by its reading (``1`` 일 -> ㄹ, ``10`` 십 -> ㅂ,
    ``25,000`` -> ㄴ, ``0.5`` -> none); Latin letters by their Korean names or
    pronunciation (``LSTM`` -> ㅁ, ``GRU`` -> none). Closing quotes and brackets are
    skipped, and so is a trailing parenthesis.

    Args:
        text: the text a particle follows.

    Returns:
        ``""`` for a vowel ending, the final consonant (``"ㄹ"``, ``"ㄴ"``, ...), or None
        when the ending cannot be read (a placeholder left unfilled, a symbol).
    """
    text = _spoken_end(text)
    if not text:
        return None
    last = text[-1]
    if "\uac00" <= last <= "\ud7a3":
        jong = (ord(last) - 0xAC00) % 28
        return _JONG[jong - 1] if jong else ""
    number = re.search(r"\d[\d,]*(\.\d+)?$", text)
    if number:
        return _number_final(number.group(0))
    word = re.search(r"[A-Za-z]+$", text)
    if word:
        return _latin_final(word.group(0))
    return _SYMBOL_FINAL.get(last)


def particle(text: str, mark: str) -> str:
    """The Korean particle of a pair that fits after ``text``.

    Args:
        text: what the particle follows (a name, a number, a quoted word).
        mark: a key of ``PARTICLES`` (``"을/를"``, ``"이/가"``, ``"(으)로"``, ...).

    Returns:
        The form for ``text``'s last syllable (``particle("LSTM", "이/가")`` -> ``"이"``;
        ``particle("모델", "(으)로")`` -> ``"로"``); both, as ``"을(를)"``, when its ending
        cannot be read.

    Raises:
        KeyError: ``mark`` is not a particle pair of ``PARTICLES``.
    """
    after_consonant, after_vowel = PARTICLES[mark]
    final = final_sound(text)
    if final is None:
        return "(으)로" if after_vowel == "로" else f"{after_consonant}({after_vowel})"
    if final == "" or (final == "ㄹ" and after_vowel == "로"):
        return after_vowel
    return after_consonant


def _resolve(text: str, lang: str, fmt: dict[str, object]) -> str:
    """A catalogue text with its references, placeholders and particle marks filled."""
    text = _REFERENCE.sub(
        lambda m: _escaped(t(m.group(1), lang), bool(fmt)),
        text,
    )
    marks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        marks.append(match.group(1))
        return _MARK

    text = _PARTICLE_MARK.sub(keep, text)
    if fmt:
        text = text.format(**fmt)
    if not marks:
        return text
    pieces = text.split(_MARK)
    out = pieces[0]
    for mark, piece in zip(marks, pieces[1:], strict=True):
        out += particle(out, mark) + piece
    return out


def _escaped(text: str, formatted: bool) -> str:
    return text.replace("{", "{{").replace("}", "}}") if formatted else text


def join_or(items: Sequence[str], lang: str | None = None) -> str:
    """A list of names joined by the catalogue's "or" (``"LSTM, GRU or SimpleRNN"``,
    ``"LSTM, GRU 또는 SimpleRNN"``).

    Args:
        items: the names, in order (at least one).
        lang: ``"en"`` or ``"ko"``; default the current language.

    Returns:
        The names as one phrase; the one name alone for a single item.

    Raises:
        ValueError: ``items`` is empty.
    """
    if not items:
        raise ValueError("join_or needs at least one name")
    if len(items) == 1:
        return items[0]
    return t("ui.or", lang, first=", ".join(items[:-1]), last=items[-1])


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
        The text with its ``{@key}`` references and particle marks resolved (see the
        module's docstring); without ``fmt`` its placeholders stay as they are (a page's
        script fills them). ``MISSING`` for a key the catalogue lacks (never an
        exception, so a page still shows; tests check that no page shows one).
    """
    lang = lang or current_language()
    text = CATALOGUES[lang].get(key)
    if text is None:
        return MISSING.format(key=key)
    if "{" not in text:
        return text
    return _resolve(text, lang, fmt)


def placeholders(text: str) -> set[str]:
    """The ``str.format`` field names of a text.

    Args:
        text: a catalogue text.

    Returns:
        Its field names (``"{n:,} words"`` -> ``{"n"}``), without its ``{@key}``
        references and particle marks.
    """
    text = _PARTICLE_MARK.sub("", _REFERENCE.sub("", text))
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
                return t(key, lang)
            sentence = t(key, lang)
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
