// The Streamlit host of the stepper core (stepper.js, which comes first in this module):
// a st.components.v2 component. Plotly.js is the plotly package's copy, served by a
// component route (rnn_viz.app.internals.plotly_url): offline, and the browser caches it.

// Our own Plotly.js, kept apart from the one Streamlit's st.plotly_chart may load: both
// set window.Plotly, and a figure must be updated by the Plotly that drew it.
function loadPlotly(url) {
  if (window.__rvPlotly) return Promise.resolve(window.__rvPlotly);
  if (!window.__rvPlotlyLoading) {
    window.__rvPlotlyLoading = new Promise((resolve, reject) => {
      const before = window.Plotly;
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => {
        window.__rvPlotly = window.Plotly;
        if (before) window.Plotly = before;
        resolve(window.__rvPlotly);
      };
      script.onerror = () => { window.__rvPlotlyLoading = null; reject(new Error(url)); };
      document.head.appendChild(script);
    });
  }
  return window.__rvPlotlyLoading;
}

export default async function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  return mountStepper(parentElement, data, {
    plotly: (d) => loadPlotly(d.plotly_url),
    // the step is state (kept across reruns), a clicked cell a trigger (this run only)
    report: (name, value) => (name === "picked" ? setTriggerValue(name, value) : setStateValue(name, value)),
    single: true,
    keys: "document",
  });
}
