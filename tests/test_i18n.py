"""Both languages: the catalogues agree, ``t`` and the error sentences, and the pages
translated so far render fully in English and in Korean (AppTest)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from rnn_viz import i18n
from rnn_viz.app import messages, navigation
from rnn_viz.app.language import LANG
from rnn_viz.app.navigation import PAGES
from rnn_viz.datasets import DatasetNotFoundError, examples
from rnn_viz.i18n import en, ko

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
HANGUL = re.compile(r"[\uac00-\ud7af]")


def test_every_key_is_in_both_catalogues_with_the_same_placeholders():
    assert set(en.TEXT) == set(ko.TEXT)
    for key, text in en.TEXT.items():
        assert i18n.placeholders(text) == i18n.placeholders(ko.TEXT[key]), key
        assert ko.TEXT[key].strip(), key


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        # Hangul: the last syllable's final consonant; (으)로 takes 로 after ㄹ
        ("모델", "을/를", "을"),
        ("리뷰", "을/를", "를"),
        ("긍정", "(으)로", "으로"),
        ("부정", "이/가", "이"),
        ("모델", "(으)로", "로"),
        ("별 1–2개", "(으)로", "로"),
        ("닭", "(으)로", "으로"),
        ("학습", "과/와", "과"),
        ("게이트 탐색기", "와/과", "와"),
        # numbers, as read aloud: 일 이 삼 사 오 육 칠 팔 구 영, 십 백 천 만 억
        ("#1", "을/를", "을"),
        ("#2", "을/를", "를"),
        ("#3", "을/를", "을"),
        ("#4", "을/를", "를"),
        ("#6", "이/가", "이"),
        ("#7", "(으)로", "로"),
        ("#9", "은/는", "는"),
        ("0", "이/가", "이"),
        ("10", "이/가", "이"),
        ("100", "(으)로", "으로"),
        ("1,000", "이/가", "이"),
        ("25,000", "은/는", "은"),
        ("0.5", "이/가", "가"),
        ("±1.20", "을/를", "을"),
        # Latin: acronyms by their letters' names, words by how they are said
        ("LSTM", "이/가", "이"),
        ("GRU", "이/가", "가"),
        ("SimpleRNN", "과/와", "과"),
        ("lstm", "은/는", "은"),
        ("lstm2", "은/는", "는"),
        ("gru", "은/는", "는"),
        ("IMDB", "(으)로", "로"),
        ("model", "(으)로", "로"),
        ("Dense", "(으)로", "로"),
        ("film", "이/가", "이"),
        ("boring", "이/가", "이"),
        ("[UNK]", "(으)로", "로"),
        # quotes, emphasis and a trailing parenthesis are not read before the particle
        ("“great”", "을/를", "를"),
        ("“bad”", "을/를", "를"),
        ("**LSTM**", "이/가", "이"),
        ("B(gru2)", "은/는", "는"),
        ("오류(ValueError)", "(으)로", "로"),
        ("긍정(0.93)", "(으)로", "으로"),
        # nothing readable: both forms, as a Korean writer would hedge
        ("{word}", "을/를", "을(를)"),
        ("", "(으)로", "(으)로"),
    ],
)
def test_particle_fits_the_last_syllable_as_it_is_read(text, mark, expected):
    assert i18n.particle(text, mark) == expected


def test_particle_marks_resolve_after_the_filled_placeholders_and_references(monkeypatch):
    catalogue = {
        **ko.TEXT,
        "test.open": "리뷰 #{review}{을/를} {@nav.explorer}{(으)로} 열기",
        "test.pair": "A({a}){은/는} 맞히고 “{w}”{이/가} 나옵니다",
        "test.raw": "“{@un.below}”{을/를} 고르세요",
    }
    monkeypatch.setitem(i18n.CATALOGUES, "ko", catalogue)
    assert i18n.t("test.open", "ko", review=12) == "리뷰 #12를 게이트 탐색기로 열기"
    assert i18n.t("test.open", "ko", review=13) == "리뷰 #13을 게이트 탐색기로 열기"
    assert i18n.t("test.pair", "ko", a="gru", w="film") == "A(gru)는 맞히고 “film”이 나옵니다"
    assert i18n.t("test.raw", "ko") == "“미만”을 고르세요"  # no placeholders: resolved too
    assert i18n.placeholders(catalogue["test.open"]) == {"review"}


class _Any:
    """A placeholder value that takes any format spec and reads as 일 (ends in ㄹ)."""

    def __format__(self, spec: str) -> str:
        return "1"


def test_every_korean_value_renders_with_its_references_and_particles_resolved():
    marks = re.compile(r"\{([^{}]*[\uac00-\ud7af/][^{}]*)\}")
    for key, text in ko.TEXT.items():
        for ref in re.findall(r"\{@([^{}]+)\}", text):
            assert ref in ko.TEXT and ref in en.TEXT, (key, ref)
        for mark in marks.findall(text):  # a mark t() does not know would reach str.format
            assert mark.startswith("@") or mark in i18n.PARTICLES, (key, mark)
        shown = i18n.t(key, "ko", **{name: _Any() for name in i18n.placeholders(text)})
        assert "{@" not in shown and "⟦" not in shown, key
        assert not re.search(r"을\(를\)|이\(가\)|은\(는\)|\(으\)로|와\(과\)", shown), key


#: A particle written after a placeholder (``#{review}를``): right for half the values.
_FIXED_PARTICLE = re.compile(
    r"\}[”’\"')\]*]*(으로|로|을|를|은|는|과|와|이나|이며|이고|이라는|라는|이에요|예요|이|가)"
    r"(?=[\s.,:;!?)(]|$)"
)


def test_no_korean_value_fixes_a_particle_after_a_placeholder():
    fixed = {
        key: m.group(0) for key, text in ko.TEXT.items() for m in _FIXED_PARTICLE.finditer(text)
    }
    assert not fixed, fixed


def test_korean_values_use_the_glossarys_one_term_per_concept():
    used = {
        (term.ko, pattern, key)
        for term in i18n.GLOSSARY
        for pattern in term.avoid
        for key, text in ko.TEXT.items()
        if re.search(pattern, text)
    }
    assert not used, sorted(used)
    texts = " ".join(ko.TEXT.values())
    for term in i18n.GLOSSARY:
        assert term.meaning in ko.TEXT and term.meaning in en.TEXT, term
        if term.avoid:  # a term with a rule is one the pages use
            assert all(word in texts for word in term.ko.split(", ")), term


@pytest.mark.parametrize(
    ("variant", "term"),
    [
        ("그래디언트", "기울기"),
        ("통합 그래디언트", "적분 기울기"),
        ("적분 그래디언트", "적분 기울기"),
        ("판독값", "판정"),
        ("지금의 판단", "판정"),
        ("출력: p(positive)", "판정"),
        ("타임스텝", "스텝"),
        ("학습 단계", "스텝"),
        ("2층 · LSTM", "층 1, 층 2"),
        ("{layer}층의 h", "층 1, 층 2"),
        ("모르는 단어", "어휘에 없는 단어"),
        ("미지의 단어", "어휘에 없는 단어"),
        ("한 단어 편집", "수정"),
        ("훈련 리뷰", "학습"),
        ("트레이스는", "추적"),
        ("패딩을 가리기", "마스킹"),
    ],
)
def test_the_glossary_rules_out_the_variants_the_korean_reader_found(variant, term):
    (row,) = [t for t in i18n.GLOSSARY if t.ko == term]
    assert any(re.search(pattern, variant) for pattern in row.avoid)
    assert not any(re.search(pattern, row.ko) for pattern in row.avoid)


#: Words before 페이지 that name no page of the app (이 페이지, 웹 페이지).
_NOT_A_PAGE_NAME = ("이", "그", "각", "다른", "모든", "웹", "사이드바의")


def test_korean_sentences_name_pages_and_labels_as_the_korean_screen_shows_them():
    english_pages = {en.TEXT[page.nav] for page in PAGES} | {"Gate explorer", "What-if"}
    own = {page.title for page in PAGES} | {page.nav for page in PAGES}
    korean_names = {ko.TEXT[page.nav] for page in PAGES if " " in ko.TEXT[page.nav]}
    korean_names |= {ko.TEXT[navigation.PAGES[-1].nav]}  # 용어집: no other meaning
    for key, text in ko.TEXT.items():
        if key in own:  # the sidebar's names and the pages' headings themselves
            continue
        for name in english_pages:
            assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text), (key, name)
        # a page's name comes from its nav key ({@nav.explorer}), so it cannot drift
        assert not [n for n in korean_names if n in text], key
        for m in re.finditer(r"(\S+) 페이지", text):
            before = m.group(1)
            named = re.search(r"\{@nav\.\w+\}\**$", before)
            assert named or before in _NOT_A_PAGE_NAME, (key, m)
        for quoted in re.findall(r"“([^”]*)”", text):  # a label quoted is the Korean one
            assert quoted not in en.TEXT.values() or quoted in ko.TEXT.values(), (key, quoted)


def test_a_list_of_cell_kinds_is_joined_in_the_readers_language():
    from rnn_viz.core.cell_kinds import TITLES, TITLES_OR

    assert i18n.join_or(TITLES, "en") == TITLES_OR == "LSTM, GRU or SimpleRNN"
    assert i18n.join_or(TITLES, "ko") == "LSTM, GRU 또는 SimpleRNN"
    assert i18n.join_or(["LSTM"], "ko") == "LSTM"
    with pytest.raises(ValueError):
        i18n.join_or([])


def test_korean_catalogue_is_korean_and_keeps_the_symbols():
    words = " ".join(ko.TEXT.values())
    for term in (
        "은닉 상태",
        "셀 상태",
        "망각 게이트",
        "입력 게이트",
        "출력 게이트",
        "리셋 게이트",
        "업데이트 게이트",
        "후보 상태",
    ):
        assert term in words
    acronyms = {"error.with_detail", "dg.col.ROC AUC"}  # nothing to translate
    acronyms |= {"step.col.c_prev", "step.col.h_prev", "step.col.tanh_c", "wi.p_class"}  # symbols
    acronyms |= {"page.title"}  # "rnn-viz: lstm": the models' names
    assert all(HANGUL.search(i18n.t(k, "ko")) for k in ko.TEXT if k not in acronyms)
    assert {(g.ko, g.symbol) for g in i18n.GLOSSARY} >= {
        ("망각 게이트", "f"),
        ("업데이트 게이트", "z"),
    }


def test_t_formats_in_the_current_language_and_marks_a_missing_key():
    assert i18n.t("home.models_here", names="lstm") == "Models on this machine: lstm."
    with i18n.use_language("ko"):
        assert i18n.t("home.models_here", names="lstm") == "이 컴퓨터의 모델: lstm."
        assert i18n.t("ui.too_long", n=21000).startswith("21,000자")
    assert i18n.current_language() == "en"
    assert i18n.t("no.such.key") == "⟦no.such.key⟧"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_language_codes_are_normalised():
    assert i18n.normalise("ko-KR") == "ko" and i18n.normalise("en_US") == "en"
    assert i18n.normalise("fr-FR") is None and i18n.normalise(None) is None


def test_typed_errors_get_a_korean_sentence_and_keep_the_english_detail():
    err = DatasetNotFoundError("no aclImdb at /x")
    assert i18n.error_text(err, "en") == "no aclImdb at /x"
    assert i18n.error_text(err, "ko") == (
        "이 컴퓨터에 데이터셋이 없습니다. (자세히: no aclImdb at /x)"
    )
    named = DatasetNotFoundError("no aclImdb at /x", "IMDB")
    assert i18n.error_text(named, "ko") == (
        "이 컴퓨터에 IMDB 데이터셋이 없습니다. (자세히: no aclImdb at /x)"
    )
    assert i18n.error_text(ValueError("plain"), "ko") == "plain"


def test_dataset_errors_name_the_dataset_of_its_own_kind_not_imdb(tmp_path):
    import pickle

    from rnn_viz.datasets import DatasetRecord, open_dataset
    from rnn_viz.datasets.errors import DatasetUnreadableError
    from rnn_viz.datasets.imdb import ImdbDataset
    from rnn_viz.datasets.kinds import open_user_dataset

    gone = DatasetRecord("table", "x", str(tmp_path / "news.csv"), "news.csv", {})
    with pytest.raises(DatasetNotFoundError) as table:
        open_dataset(gone, model="m")
    assert table.value.dataset == "news.csv"
    worded = i18n.error_text(table.value, "ko")
    assert worded.startswith("이 컴퓨터에 news.csv 데이터셋이 없습니다.")
    assert "IMDB" not in i18n.error_text(table.value, "ko")
    with pytest.raises(DatasetNotFoundError) as imdb:
        ImdbDataset.find(tmp_path / "no_imdb", download=False)
    assert i18n.error_text(imdb.value, "ko").startswith("이 컴퓨터에 IMDB 데이터셋이 없습니다.")
    (tmp_path / "news.zip").write_bytes(b"not a zip")
    with pytest.raises(DatasetUnreadableError) as broken:
        open_user_dataset(tmp_path / "news.zip").content  # noqa: B018
    assert broken.value.dataset == "news.zip"
    kept = pickle.loads(pickle.dumps(table.value))  # the app's caches keep errors pickled
    assert (type(kept), kept.dataset, str(kept)) == (
        DatasetNotFoundError,
        "news.csv",
        str(table.value),
    )
    for lang in ("en", "ko"):
        assert "IMDB" not in i18n.t("ui.dataset_unusable", lang, why="")


def test_korean_text_is_recognised_but_an_english_review_with_one_korean_word_is_not():
    assert i18n.is_korean_text("이 영화 정말 최고였어요!")
    assert not i18n.is_korean_text("A great film, truly 최고.")
    assert not i18n.is_korean_text("not bad at all")


def test_every_example_has_a_korean_title_and_note():
    for ex in examples.load_examples():
        assert HANGUL.search(ex.look_for_in("ko")) and ex.title_in("en") == ex.title
        assert ex.title_in("ko") != ex.title


def _texts(at: AppTest) -> str:
    """Every text of the rendered page (labels, options, captions, LaTeX), as one string."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def _run(page: str | None, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.url_path or "root")
def test_every_page_renders_in_both_languages_under_its_heading(app_env, page, lang):
    at = _run(None if page.default else page.path, lang)
    assert at.title[0].value == i18n.t(page.title, lang)
    text = _texts(at)
    assert "⟦" not in text
    assert at.session_state[LANG] == lang and at.query_params["lang"] in (lang, [lang])
    if lang == "ko":
        assert HANGUL.search(text)
        left = [s for s in i18n.english_sentences() if s in text]
        assert not left, left
    else:
        assert "망각 게이트" not in text or page.path == navigation.GLOSSARY_PAGE


def test_the_language_follows_the_user_to_another_page_and_the_switch_changes_it(app_env):
    at = _run(None, "ko")
    at.query_params.clear()  # a page link drops the query; the session remembers
    at.switch_page(navigation.GLOSSARY_PAGE).run()
    assert at.title[0].value == ko.TEXT["glossary.title"]
    at.sidebar.button_group[0].set_value("en").run()  # the 한국어 / English switch
    assert at.title[0].value == en.TEXT["glossary.title"]
    assert at.query_params["lang"] in ("en", ["en"])


def test_an_uploads_note_is_worded_again_when_the_language_is_switched(app_env, tiny_gru_dir):
    at = _run(navigation.EXPLORER_PAGE, "en")
    data = (tiny_gru_dir / "model.keras").read_bytes()
    at.file_uploader(key="upload_file").set_value(("bare.keras", data, "application/zip")).run()
    assert not at.exception, at.exception
    folder, note = at.session_state[navigation.UPLOADED_MODELS]["bare.keras"]
    assert note.key == "pkg.upload.borrowed"
    for lang in ("en", "ko"):
        if lang == "ko":
            at.sidebar.button_group[0].set_value("ko").run()  # the 한국어 / English switch
        borrowed = messages.plain(i18n.t("pkg.upload.borrowed", lang, **note.params))
        assert borrowed in [c.value for c in at.caption], lang  # under the model picker
        assert any(borrowed in s.value for s in at.success), lang  # "Loaded ... as bare."
        assert "⟦" not in _texts(at)


def test_korean_review_is_refused_with_a_sentence_in_the_chosen_language(app_env):
    at = _run(navigation.EXPLORER_PAGE, "ko")
    with i18n.use_language("ko"):  # AppTest formats the radio's options in this thread
        at.radio(key="source").set_value("Your own text").run()
        at.text_area(key="own_text").set_value("이 영화 정말 최고였어요").run()
    assert not at.exception
    assert [w.value for w in at.warning] == [ko.TEXT["ui.korean_input"]]
    assert not at.get("bidi_component")  # nothing traced


def test_every_diagnostics_section_reads_in_korean(app_env):
    at = _run(navigation.DIAGNOSTICS_PAGE, "ko")
    for section in ("Disagreements", "State space", "Sentiment units", "Flips"):
        with i18n.use_language("ko"):  # AppTest formats the options in this thread
            at.radio(key="dg_section").set_value(section).run()
        assert not at.exception, (section, at.exception)
        text = _texts(at)
        assert "⟦" not in text and ko.TEXT[f"dg.section.{section}"] in text
        left = [s for s in i18n.english_sentences() if s in text]
        assert not left, (section, left)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_sidebar_page_names_are_the_catalogues_in_the_chosen_language(app_env, lang):
    at = _run(navigation.GLOSSARY_PAGE, lang)
    # the pages st.navigation registered: what the sidebar lists, in its order
    pages = list(at._registered_pages.values())
    names = [(Path(str(p["script_path"])).name, p["page_name"], p["url_pathname"]) for p in pages]
    catalogue = i18n.CATALOGUES[lang]
    assert names == [(Path(p.path).name, catalogue[p.nav], p.url_path) for p in PAGES]
    assert pages[0]["url_pathname"] == ""  # Home is the app's root
    assert at.sidebar.button_group[0].value == lang  # the switch, shown once
    assert len(at.sidebar.button_group) == 1


def _stepper(at: AppTest) -> dict:
    """The data the page gave the in-browser stepper (``stepview.stepper_data``)."""
    proto = at.get("bidi_component")[0].proto
    return json.loads(proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_gate_explorers_stepper_panel_and_diagram_speak_the_chosen_language(app_env, lang):
    at = _run(navigation.EXPLORER_PAGE, lang)
    catalogue = i18n.CATALOGUES[lang]
    data = _stepper(at)
    for name in ("prev", "next", "play", "pause", "pace", "slider", "hint", "overview"):
        assert data["labels"][name] == catalogue[f"step.{name}"], name
    assert data["labels"]["unit_for"] == catalogue["step.unit_for"]
    table = data["views"][0]["tables"][0]
    assert table["headers"] == [
        catalogue.get(f"step.col.{n}") or catalogue[f"gate.{n}"] for n in table["names"]
    ]
    assert table["caption"] == catalogue[f"step.caption.{table['cell']}"]
    svg = table["diagram"]["svg"]
    for word in ("kept", "written"):  # each label, then its number's tspan
        assert f">{catalogue[f'step.col.{word}']} <tspan" in svg, word
    assert table["diagram"]["unit"] == catalogue["diagram.unit"].format(unit="{unit}")
    text = json.dumps(data, ensure_ascii=False)
    assert "⟦" not in text
    if lang == "ko":
        assert "망각 게이트 f" in text and "forget gate" not in text
        assert ">kept <" not in svg and "The cell of layer" not in text
