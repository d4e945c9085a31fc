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
    acronyms |= {"step.col.c_prev", "step.col.h_prev", "step.col.tanh_c"}  # symbols
    assert all(HANGUL.search(v) for k, v in ko.TEXT.items() if k not in acronyms)
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
