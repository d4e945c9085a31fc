"""The corpus-analysis pages and the explorer's token attribution through AppTest."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import shipped_without_their_dataset
from streamlit.testing.v1 import AppTest

from rnn_viz import i18n
from rnn_viz.app import messages, navigation
from rnn_viz.i18n import en, ko

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EXPLORER = navigation.EXPLORER_PAGE
SATURATION, UNITS, WHAT_IF = (
    navigation.SATURATION_PAGE,
    navigation.UNITS_PAGE,
    navigation.WHAT_IF_PAGE,
)


def _page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _stepper(at: AppTest) -> dict:
    """The data the page gave the in-browser stepper (``stepview.stepper_data``)."""
    proto = at.get("bidi_component")[0].proto
    return json.loads(proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _points(fig: dict) -> str:
    """The scatter points' data as sent (Plotly may encode arrays as typed buffers)."""
    return json.dumps([(t["x"], t["y"]) for t in fig["data"] if t.get("mode") == "markers"])


def _texts(at: AppTest) -> str:
    return " ".join(
        e.value for kind in ("info", "warning", "markdown", "caption") for e in getattr(at, kind)
    )


def test_saturation_lstm_and_gru_side_by_side_thresholds_drive_the_scatter(app_env):
    at = _page(SATURATION)
    assert at.selectbox(key="sat_a").value == "tiny_lstm2 (shipped)"
    assert at.selectbox(key="sat_b").value == "tiny_gru2 (shipped)"
    figs = _figures(at)
    titles = [" ".join(a["text"] for a in f["layout"].get("annotations", [])) for f in figs]
    assert "forget gate f" in titles[0] and "update gate z" in titles[2]
    before = _points(figs[0])
    at.slider(key="sat_thresholds").set_value((0.4, 0.6)).run()
    assert not at.exception
    figs = _figures(at)
    assert _points(figs[0]) != before
    x_titles = [
        v.get("title", {}).get("text") for k, v in figs[0]["layout"].items() if k[:5] == "xaxis"
    ]
    assert [x for x in x_titles if x] == ["fraction > 0.6 (right)"]  # one, not one per gate
    at.toggle(key="sat_paper").set_value(True).run()
    assert "1-z (paper's z)" in " ".join(
        a["text"] for a in _figures(at)[2]["layout"]["annotations"]
    )


def test_saturation_says_plainly_when_nothing_is_saturated(app_env):
    at = _page(SATURATION)
    at.slider(key="sat_thresholds").set_value((0.0, 1.0)).run()
    assert "does not saturate at 0 / 1" in _texts(at)


def test_saturation_across_training_steps_through_the_epochs(app_env):
    at = _page(SATURATION)
    assert at.slider(key="sat_epoch").value == 1
    at.slider(key="sat_epoch").set_value(2).run()
    assert not at.exception
    titles = [f["layout"].get("title", {}).get("text") for f in _figures(at)]
    assert "epoch 2" in titles
    at.button(key="sat_play").click().run()
    assert at.session_state["sat_playing"] and at.button(key="sat_play").label == "Pause"
    at.button(key="sat_play").click().run()
    assert not at.session_state["sat_playing"] and not at.exception


def test_analysis_pages_say_how_to_get_the_dataset_without_it(app_env, monkeypatch):
    monkeypatch.setenv("RNN_VIZ_DATA", str(app_env / "missing.tar.gz"))
    shipped_without_their_dataset(app_env, monkeypatch)
    for page in (SATURATION, UNITS):
        at = _page(page)
        assert "RNN_VIZ_DATA" in _texts(at)
        assert not _figures(at)


def test_unit_search_lists_matches_and_opens_the_review_in_the_explorer(app_env):
    at = _page(UNITS)
    # by default, the unit's own 95th percentile over real words: phrases, not reviews
    assert at.radio(key="us_by").value == "percentile"
    assert at.number_input(key="us_pct_above").value == 95.0
    phrases = at.dataframe[0].value
    steps = [int(s.split("–")[1]) - int(s.split("–")[0]) + 1 for s in phrases["steps"]]
    assert steps == list(phrases["length"]) and "95th percentile" in _texts(at)
    picked = " ".join(str(w) for w in phrases["phrase"][0].split())
    assert any(picked.replace("\\", "") in m.value.replace("\\", "") for m in at.markdown)
    at.radio(key="us_by").set_value("value").run()
    at.number_input(key="us_threshold_i").set_value(0.0).run()  # every real step is on
    assert not at.exception
    frame = at.dataframe[0].value
    assert {"phrase", "before", "after", "label", "p(positive)"} <= set(frame.columns)
    assert len(frame) and list(frame["length"]) == sorted(frame["length"], reverse=True)
    review = int(frame["review"][0])
    start = int(frame["steps"][0].split("–")[0])
    at.button(key="us_open").click().run()
    assert not at.exception
    assert at.radio(key="source").value == "Test-set review"
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown's escapes
    assert f"test review #{review} " in captions
    assert at.session_state["step"] == start
    data = _stepper(at)  # the browser opens the review at that step
    assert data["views"][0]["steps"][data["columns"][data["start"]][0]] == start


def test_words_per_unit_table_heatmap_sort_and_reviews_of_a_word(app_env):
    at = _page(UNITS)
    table = at.dataframe[-1].value
    assert {"word", "count", "unit 0"} <= set(table.columns)
    fig = _figures(at)[-1]
    assert fig["data"][0]["type"] == "heatmap"
    at.selectbox(key="wpu_sort").set_value("unit 1").run()
    col = list(at.dataframe[-1].value["unit 1"])
    assert col == sorted(col, reverse=True)
    at.selectbox(key="wpu_key").set_value("layer2/c").run()
    assert not at.exception
    assert any(b.label.endswith("open in the Gate explorer") for b in at.button)


def test_what_if_edit_changes_the_readout_and_shows_the_difference(app_env):
    at = _page(WHAT_IF)
    at.radio(key="wi_source").set_value("Your own text").run()
    at.text_area(key="wi_own_text").set_value("the film was great and fun").run()
    at.selectbox(key="wi_op").set_value("replace").run()
    at.selectbox(key="wi_pos").set_value(3).run()
    at.text_input(key="wi_word").set_value("awful").run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["A: p(positive)"].value != metrics["B: p(positive)"].value
    figs = _figures(at)
    assert len(figs) == 3  # difference, trace A, trace B
    assert any("great → awful" in x for x in figs[0]["data"][1]["x"])
    at.selectbox(key="wi_op").set_value("delete").run()
    assert not at.exception and at.text_input(key="wi_word").disabled


def test_explorer_attribution_strip_with_completeness(app_env):
    at = _page(EXPLORER)
    n = len(_stepper(at)["views"][0]["figure"]["data"])
    at.toggle(key="attr").set_value(True).run()
    assert not at.exception
    view = _stepper(at)["views"][0]
    fig = view["figure"]
    assert len(fig["data"]) == n + 1 and fig["data"][1]["name"] == "attribution"
    z = fig["data"][1]["z"]  # one score per column, the columns of the gate heatmaps
    assert int(z["shape"].split(",")[1]) == len(view["labels"])
    assert "completeness error" in " ".join(c.value for c in at.caption)


def test_picking_a_unit_in_the_explorer_opens_it_in_unit_search(app_env):
    at = _page(EXPLORER)
    at.toggle(key="pick_unit").set_value(True).run()
    assert not at.exception
    data = _stepper(at)
    assert data["pickable"]
    targets = [t for t in data["views"][0]["targets"] if t]
    assert {(t["layer"], t["gate"]) for t in targets} >= {(0, "f"), (1, "c")}
    assert any("Click a cell" in c.value for c in at.caption)
    # what the search button does (AppTest cannot click inside a Plotly chart)
    label = at.selectbox(key=navigation.MODEL).value
    navigation.apply(at.session_state, navigation.unit_search_request(label, 1, "c", 2))
    at.switch_page(navigation.UNITS_PAGE).run()
    assert not at.exception and not at.warning
    assert at.selectbox(key=navigation.UNITS_MODEL).value == label
    assert at.selectbox(key=navigation.UNIT_LAYER).value == 1
    assert at.selectbox(key=navigation.unit_gate_key(1)).value == "c"
    assert at.number_input(key=navigation.unit_unit_key(1)).value == 2
    assert "unit 2" in " ".join(m.value for m in at.markdown)


# --------------------------------------------------------------------------- Korean
def _korean(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_compare_tables_read_in_korean_with_their_numbers_unchanged(app_env):
    at = _korean(navigation.COMPARE_PAGE)
    summary, *per_layer = (frame.value for frame in at.dataframe)
    assert {
        ko.TEXT["pkg.col.cell"],
        ko.TEXT["pkg.col.parameters"],
        ko.TEXT["pkg.col.test_accuracy"],
        ko.TEXT["pkg.col.seconds_per_epoch"],
    } <= set(summary.columns)
    assert not {en.TEXT[k] for k in en.TEXT if k.startswith("pkg.col.")} & set(summary.columns)
    assert list(summary.index) == ["A: tiny_lstm2", "B: tiny_gru2"]
    assert len(per_layer) == 2
    for frame in per_layer:
        assert list(frame.columns) == [
            ko.TEXT[f"pkg.col.{k}"] for k in ("layer", "type", "formula", "parameters")
        ]
    params = per_layer[0][ko.TEXT["pkg.col.parameters"]]
    assert int(params.sum()) == int(summary[ko.TEXT["pkg.col.parameters"]].iloc[0])
    formulas = per_layer[0][ko.TEXT["pkg.col.formula"]]
    assert all(f.endswith(f"= {n:,}") for f, n in zip(formulas, params, strict=True))


def test_the_upload_box_words_streamlits_dropzone_in_korean_and_only_there(app_env):
    at = _korean(navigation.EXPLORER_PAGE)
    styles = [e.proto.body for e in at.get("html") if "stFileUploader" in e.proto.body]
    assert len(styles) == 1
    css = styles[0]
    for key in ("pkg.upload.button", "pkg.upload.drop"):
        assert f'content: "{ko.TEXT[key]}"' in css
    assert ko.TEXT["pkg.upload.limit"].format(mb=100, types="KERAS, ZIP") in css
    assert all(
        rule.startswith(".st-key-upload_file ") for rule in css[7:-8].split("} ") if rule.strip()
    )
    assert ko.TEXT["pkg.upload.expander"] in [e.label for e in at.sidebar.expander]
    assert at.file_uploader(key="upload_file").label == ko.TEXT["pkg.upload.label"]
    english = AppTest.from_file(APP, default_timeout=120).run()
    english.switch_page(navigation.EXPLORER_PAGE).run()
    assert not [e for e in english.get("html") if "stFileUploader" in e.proto.body]


def test_what_if_stops_with_the_reason_in_korean_when_the_edit_leaves_no_word(app_env):
    at = _korean(navigation.WHAT_IF_PAGE)
    with i18n.use_language("ko"):  # AppTest formats the options in this thread
        at.radio(key="wi_source").set_value("Your own text").run()
        at.text_area(key="wi_own_text").set_value("the film was great").run()
        at.radio(key="wi_mode").set_value("Free edit").run()
        at.text_area(key="wi_text_b").set_value("!!! ???").run()
    assert not at.exception, at.exception
    assert any(messages.plain(ko.TEXT["error.NoReadableWordError"]) in e.value for e in at.error)
    assert not _figures(at)
