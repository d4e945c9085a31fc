"""The Streamlit side of the two languages: the sidebar switch every page shows.

The language lives in ``st.session_state[LANG]`` (so it follows the user from page to
page) and in the URL query ``?lang=ko`` / ``?lang=en`` (so a link opens in it); a new
session starts in the query's language, else in the browser's (``st.context.locale``,
``navigator.language``), else in English.
"""

from __future__ import annotations

import streamlit as st

from rnn_viz.i18n import DEFAULT, LANGUAGES, normalise, set_language

#: Session-state key of the chosen language; the switch widget has its own key.
LANG = "rv_lang"
_WIDGET = "rv_lang_switch"
QUERY = "lang"


def _browser_language() -> str | None:
    try:
        return normalise(st.context.locale)
    except Exception:  # no browser context (bare script, AppTest)
        return None


def _chosen() -> None:
    picked = st.session_state[_WIDGET]
    if picked in LANGUAGES:  # clicking the chosen option again deselects it: keep it
        st.session_state[LANG] = picked
        st.query_params[QUERY] = picked


def language() -> str:
    """The session's language: an explicit ``?lang=`` in the URL wins (a link or an
    edited address), then the one chosen earlier in this session, then the browser's,
    then English. It is stored in the session.

    Returns:
        ``"en"`` or ``"ko"``.
    """
    asked = normalise(st.query_params.get(QUERY))
    lang = asked or st.session_state.get(LANG) or _browser_language() or DEFAULT
    st.session_state[LANG] = lang
    return lang


def language_switch() -> str:
    """Read the session's language, make it current for ``t``, keep the URL query in
    step and show the 한국어 / English switch in the sidebar (below the page list). ``app.py``
    calls it once per run, before ``st.set_page_config`` and ``st.navigation`` (so the tab title
    and the page names are translated too).

    Returns:
        ``"en"`` or ``"ko"``.
    """
    lang = language()
    set_language(lang)
    if st.query_params.get(QUERY) != lang:
        st.query_params[QUERY] = lang
    st.session_state[_WIDGET] = lang
    st.sidebar.segmented_control(
        "Language · 언어",
        list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code],
        required=True,  # one language is always chosen
        key=_WIDGET,
        on_change=_chosen,
        label_visibility="collapsed",
    )
    return lang
